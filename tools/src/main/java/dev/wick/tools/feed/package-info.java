/**
 * {@code wick feed}: replays a trade file onto the network, as wick's binary UDP feed or as text
 * lines over TCP, paced open-loop. One sending thread.
 */
package dev.wick.tools.feed;
