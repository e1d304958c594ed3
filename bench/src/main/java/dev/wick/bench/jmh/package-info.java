/**
 * JMH benchmarks of the aggregator, the decoders and a bare fold over the same data (the
 * baseline the aggregator is measured against). Run with {@code -prof gc} for allocation.
 */
package dev.wick.bench.jmh;
