package io.starling.engine.kv;

import org.agrona.DirectBuffer;

/**
 * A local put or delete: the new version's clock merges those of every version held for the key (siblings
 * included, and the clock of a collected tombstone still remembered), takes the next count of the store's own
 * entry, is pruned ({@link ClockPruner}), and the new version replaces them all. Limits and listener rules are
 * checked by {@link KvStore} before; a peer's version goes through {@link VersionMerge} instead.
 */
final class LocalWrite
{
    private final int nodeId;
    private final KeyTable keys;
    private final VersionTable versions;
    private final VersionDigest digests;
    private final ClockPruner pruner;
    private final CollectedTombstones collectedTombstones;
    private final VectorClock writeClock = new VectorClock(8);
    private long ownWriteCounter;

    LocalWrite(
        final int nodeId,
        final KeyTable keys,
        final VersionTable versions,
        final VersionDigest digests,
        final ClockPruner pruner,
        final CollectedTombstones collectedTombstones)
    {
        this.nodeId = nodeId;
        this.keys = keys;
        this.versions = versions;
        this.digests = digests;
        this.pruner = pruner;
        this.collectedTombstones = collectedTombstones;
    }

    /**
     * @param key       buffer holding the key, within limits.
     * @param keyOffset of the key.
     * @param keyLength of the key.
     * @param value     the value, kept by reference (empty for a tombstone).
     * @param flags     {@link VersionTable#FLAG_TOMBSTONE} or 0.
     * @param lamport   Lamport time of the new version.
     * @param nowNs     current time.
     * @return the key's id.
     */
    int write(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final byte[] value,
        final byte flags,
        final long lamport,
        final long nowNs)
    {
        final long hash = KeyTable.hashKey(key, keyOffset, keyLength);
        int keyId = keys.find(hash, key, keyOffset, keyLength);

        final VectorClock clock = writeClock.clear();
        int newest = KvStore.NULL_ID;
        if (KvStore.NULL_ID != keyId)
        {
            for (int v = keys.firstVersion(keyId); KvStore.NULL_ID != v; v = versions.next(v))
            {
                clock.mergePacked(versions.packedClock(v));
                newest = KvStore.NULL_ID == newest || versions.isNewer(v, newest) ? v : newest;
            }
        }
        final long[] collectedClock = collectedTombstones.clockOf(hash, key, keyOffset, keyLength);
        if (null != collectedClock)
        {
            clock.mergePacked(collectedClock);
        }
        // This writer's entry grows across every key and survives tombstone collection: after a key's tombstone
        // is collected here, a fresh per-key count would reuse a value already spent on the key ({W:1} again), and a
        // version written elsewhere over the old one (holding W:1) would dominate the new write everywhere.
        ownWriteCounter = Math.max(ownWriteCounter, clock.get(nodeId)) + 1;
        clock.set(nodeId, ownWriteCounter);
        pruner.seenWriting(nodeId, nowNs);
        pruner.prune(clock, KvStore.NULL_ID == newest ? null : versions.packedClock(newest), nowNs);

        if (KvStore.NULL_ID == keyId)
        {
            final byte[] keyCopy = new byte[keyLength];
            key.getBytes(keyOffset, keyCopy, 0, keyLength);
            keyId = keys.add(hash, keyCopy);
        }
        else
        {
            versions.removeAll(keyId);
        }

        final long valueHash = 0 != (flags & VersionTable.FLAG_TOMBSTONE) ? 0 : VersionDigest.valueHash(value);
        final long digest = digests.of(hash, valueHash, lamport, nodeId, flags, clock);
        versions.add(keyId, value, clock.toPacked(), lamport, nodeId, flags, nowNs, digest);
        return keyId;
    }
}
