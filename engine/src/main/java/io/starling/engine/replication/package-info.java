/**
 * The replicated key-value store of one node riding on its SWIM node:
 * {@link io.starling.engine.replication.Replicator} is the node extension (wiring, routing of messages and timers,
 * housekeeping, the user API); {@code WriteRumors} spreads each local write as a rumor and merges those received,
 * {@code Broadcasts} keeps user broadcasts as writes under reserved keys (delivery once, expiry at the origin), and
 * {@code AntiEntropyDriver} starts anti-entropy sessions with random alive members and wakes them.
 */
package io.starling.engine.replication;
