/**
 * The peers wick is compared with (Flink, Kafka Streams), computing the same candles from the same
 * trades in their own JVMs; their output is checked against wick's before their speed is reported.
 */
package dev.wick.bench.peer;
