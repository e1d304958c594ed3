/**
 * The trade as it travels: the preallocated ring slot ({@link dev.wick.engine.trade.TradeEvent}),
 * sides and reject reasons. A slot belongs to the producer until it is published, then to the
 * stages after it in ring order.
 */
package dev.wick.engine.trade;
