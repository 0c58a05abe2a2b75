/**
 * Counters and errors in shared memory: the engine's counter ids, the host's, the metrics file other processes
 * read, and the error handler that counts what it cannot throw. No logging on the agent thread.
 */
package io.starling.engine.metrics;
