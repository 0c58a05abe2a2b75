/**
 * Moving frames between processes: the Aeron UDP transport with its embedded driver and presets, the in-memory
 * transport for tests, the backlog that holds frames the publication refused, and the fault model (loss and a
 * partition matrix) applied before either transport.
 */
package io.starling.engine.transport;
