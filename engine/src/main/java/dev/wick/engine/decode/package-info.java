/**
 * Decoders from text records (CSV, Binance CSV, JSON lines) straight into a ring slot: exact
 * fixed-point numbers, times in any unit, a reject reason instead of an exception. Producer thread
 * only; no allocation per record.
 */
package dev.wick.engine.decode;
