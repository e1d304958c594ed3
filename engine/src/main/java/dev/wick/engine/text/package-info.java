/**
 * Garbage-free ASCII output: numbers, fixed-point decimals, VWAPs and ISO instants written into a
 * reused buffer. One writer per instance, on the thread that owns the sink.
 */
package dev.wick.engine.text;
