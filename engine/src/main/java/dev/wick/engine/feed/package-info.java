/**
 * wick's binary UDP feed: the message layout (flyweight and encoder), its decoder, sequence
 * tracking (gaps, reordering, duplicates) and the log of the gaps a live feed showed. The decoder
 * and sequence run on the producer thread; the gap log on the aggregator thread.
 */
package dev.wick.engine.feed;
