/**
 * Benchmarks that are not tests: the runner behind {@code bench/run.sh}, end-to-end throughput,
 * the open-loop latency harness (HdrHistogram, timed from the intended send time), scale sweeps and
 * journal costs. Every claim is a ratio against a baseline measured in the same run. Each program
 * runs in its own JVM; nothing here is on a production path.
 */
package dev.wick.bench;
