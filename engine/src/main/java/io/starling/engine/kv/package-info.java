/**
 * The replicated key-value store and its anti-entropy, sans-IO: {@link io.starling.engine.kv.KvStore} (versions
 * with {@link io.starling.engine.kv.VectorClock}s, siblings, tombstones), the incremental
 * {@link io.starling.engine.kv.MerkleTree} over it, and {@link io.starling.engine.kv.AntiEntropySession}, which
 * reconciles two stores with the MerkleDigestRequest/Response, KeyRangeRequest and KeyValueBatch messages.
 * Everything runs on the owning node's thread; time comes in as {@code nowNs}.
 */
package io.starling.engine.kv;
