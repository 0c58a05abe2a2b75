/**
 * The replicated key-value store and its anti-entropy, sans-IO. Everything runs on the owning node's thread; time
 * comes in as {@code nowNs}. One mechanism per file:
 * <ul>
 * <li>{@link io.starling.engine.kv.KvStore}: the public store (limits, Lamport time, reads with the
 * {@link io.starling.engine.kv.ConflictResolver}, the {@link io.starling.engine.kv.KvChangeListener}), configured by
 * {@link io.starling.engine.kv.KvStoreConfig}; {@link io.starling.engine.kv.KvVersions} is the view of one key's
 * versions.</li>
 * <li>Storage: {@code KeyTable} (key index and per-leaf key chains), {@code VersionTable} (version arrays, Merkle
 * sums, the newer-than order), {@code VersionDigest} (what a version adds to its leaf),
 * {@link io.starling.engine.kv.MerkleTree} (16-ary, leaves sum digests), {@link io.starling.engine.kv.XxHash64}.</li>
 * <li>Writes: {@code LocalWrite} (put/delete superseding every sibling), {@code VersionMerge} (a peer's version
 * merged by {@link io.starling.engine.kv.VectorClock}: ignored, replacing or a sibling), {@code ClockPruner}
 * (Riak-style pruning of local clocks).</li>
 * <li>Tombstones: {@code TombstoneQueue} (death-time order), {@code TombstoneCollector} (collection after the TTL,
 * the age a tombstone travels with), {@code CollectedTombstones} (clocks remembered after collection).</li>
 * <li>Anti-entropy: {@link io.starling.engine.kv.AntiEntropySession} (the initiator's session: rounds, retries,
 * timeouts; routes messages), {@code MerkleDescent} and {@code LeafExchange} (its two phases),
 * {@code AntiEntropyResponder} (answers any peer), {@code KeyValueBatchWriter} and {@code KeyValueBatchMerge}
 * (versions written to and merged from KeyValueBatch messages), configured by
 * {@link io.starling.engine.kv.AntiEntropyConfig}.</li>
 * </ul>
 */
package io.starling.engine.kv;
