/**
 * The live view ({@code wick run --http}): a page with a candlestick chart of the run as it happens,
 * its JSON endpoints and its event stream.
 *
 * <p>The seam with the engine is {@link dev.wick.tools.live.LiveRing}: the aggregator thread copies
 * each final candle and forming-candle update into a preallocated single-producer ring and never
 * waits (a full ring drops the record and counts it); everything that allocates or blocks - the
 * candle store, JSON, HTTP, slow browsers - runs on the view's own threads.
 */
package dev.wick.tools.live;
