/**
 * The running pipeline: the Disruptor ring, the producers that fill it (line and datagram
 * feeders), the optional journal stage ahead of the aggregator, and the aggregator's handler.
 * Thread ownership: one producer thread (or several with a multi-producer engine), the journal
 * stage's thread, the aggregator thread; each class says which of its methods belong to which.
 */
package dev.wick.engine.pipeline;
