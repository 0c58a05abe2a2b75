/**
 * The replicated key-value store of one node riding on its SWIM node:
 * {@link io.starling.engine.replication.Replicator} spreads each local write as a rumor and runs anti-entropy with
 * random members.
 */
package io.starling.engine.replication;
