/**
 * Durability: the candle journal and the trade journal (Chronicle Queues), their layouts, readers
 * and replay, checkpoints, the writer's lock, crash recovery ({@link dev.wick.journal.DurableJournal})
 * and the embeddable durable engine ({@link dev.wick.journal.DurableEngine}). The trade journal is
 * written by the journal stage's thread, the candle journal and checkpoints by the aggregator
 * thread (the files by the checkpoint thread); readers run on any thread of another process.
 */
package dev.wick.journal;
