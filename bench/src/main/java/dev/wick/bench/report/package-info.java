/**
 * Turns a run's {@code latest.json} into {@code bench/RESULTS.md} and its charts.
 */
package dev.wick.bench.report;
