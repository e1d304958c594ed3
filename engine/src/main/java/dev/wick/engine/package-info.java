/**
 * The engine: trades in, candles out, garbage-free once started. {@link dev.wick.engine.EngineConfig}
 * says what is computed; the subpackages hold the parts by role (decoding, the ring, windows,
 * sinks). Depends on the Disruptor and Agrona only.
 */
package dev.wick.engine;
