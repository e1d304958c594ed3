/**
 * Kafka as a source and a destination: {@code wick broker} (a single-node KRaft broker in-process),
 * {@code wick feed --to kafka://}, {@code wick run --in kafka://} as a consumer-group member with
 * exactly-once candle output, and {@code wick replay --from kafka://}. The only package that
 * depends on the Kafka client: the engine and the journal never see it.
 *
 * <p>Threads of a member ({@link KafkaMember}): the Kafka thread polls, decodes each record's value
 * straight into a ring slot and runs the transactions; the aggregator thread ({@link LaneRouter})
 * folds every input partition in its own {@link dev.wick.engine.window.Aggregator} (its own event
 * time and watermark) and hands candles back through a byte pipe ({@link CandlePipe}). The Kafka
 * client allocates (its records); the aggregator thread does not.
 */
package dev.wick.tools.kafka;
