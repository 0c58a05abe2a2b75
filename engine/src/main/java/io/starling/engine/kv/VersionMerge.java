package io.starling.engine.kv;

import org.agrona.DirectBuffer;

/**
 * The merge of a version received from a peer into the sibling set of its key, by vector clock: dominated or equal,
 * it is ignored; dominating, it replaces; concurrent, it is kept as a sibling, and past {@code maxSiblings} the
 * oldest sibling (by {@link VersionTable#isNewer}) is evicted. Equal clocks with different contents resolve to the
 * newer. A tombstone older than the TTL deletes what it supersedes and is not stored; a version that a collected
 * tombstone's remembered clock dominates is ignored ({@link CollectedTombstones}). Local writes are not merged here:
 * they supersede every sibling ({@link KvStore#put}). Untrusted input: nothing here throws for bad data.
 */
final class VersionMerge
{
    private final KvStore store;
    private final KeyTable keys;
    private final VersionTable versions;
    private final VersionDigest digests;
    private final ClockPruner pruner;
    private final CollectedTombstones collectedTombstones;
    private final int maxKeyLengthBytes;
    private final int maxValueLengthBytes;
    private final int maxClockEntries;
    private final int maxSiblings;
    private final long tombstoneTtlNs;

    private long lastMergeDigest;
    private long lamportJumpsRejected;
    private long siblingsEvicted;

    VersionMerge(
        final KvStore store,
        final KeyTable keys,
        final VersionTable versions,
        final VersionDigest digests,
        final ClockPruner pruner,
        final CollectedTombstones collectedTombstones,
        final KvStoreConfig config)
    {
        this.store = store;
        this.keys = keys;
        this.versions = versions;
        this.digests = digests;
        this.pruner = pruner;
        this.collectedTombstones = collectedTombstones;
        maxKeyLengthBytes = config.maxKeyLengthBytes();
        maxValueLengthBytes = config.maxValueLengthBytes();
        maxClockEntries = config.maxClockEntries();
        maxSiblings = config.maxSiblings();
        tombstoneTtlNs = config.tombstoneTtlNs();
    }

    /**
     * @see KvStore#merge(DirectBuffer, int, int, DirectBuffer, int, int, boolean, long, int, VectorClock, long, long)
     */
    MergeResult merge(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength,
        final boolean tombstone,
        final long lamportTime,
        final int writerNode,
        final VectorClock clock,
        final long tombstoneAgeNs,
        final long nowNs)
    {
        if (keyLength < 1 || keyLength > maxKeyLengthBytes || valueLength < 0 ||
            (!tombstone && valueLength > maxValueLengthBytes) || clock.size() < 1 ||
            clock.size() > maxClockEntries || lamportTime < 0)
        {
            return MergeResult.REJECTED;
        }
        if (lamportTime - store.lamportTime() > KvStore.MAX_LAMPORT_JUMP)
        {
            lamportJumpsRejected++;
            return MergeResult.REJECTED;
        }
        final long ageNs = Math.max(0, tombstoneAgeNs);
        final boolean expired = tombstone && ageNs >= tombstoneTtlNs;

        final long hash = KeyTable.hashKey(key, keyOffset, keyLength);
        final byte flags = tombstone ? VersionTable.FLAG_TOMBSTONE : 0;
        final long valueHash = tombstone ? 0 : VersionDigest.valueHash(value, valueOffset, valueLength);
        final long digest = digests.of(hash, valueHash, lamportTime, writerNode, flags, clock);
        lastMergeDigest = digest;
        store.observeLamportTime(lamportTime);
        pruner.seenWriting(writerNode, nowNs);
        pruner.seenInClock(clock, nowNs);

        int keyId = keys.find(hash, key, keyOffset, keyLength);
        final long[] collectedClock = collectedTombstones.clockOf(hash, key, keyOffset, keyLength);
        if (null != collectedClock)
        {
            final ClockOrder order = clock.comparePacked(collectedClock);
            if (ClockOrder.BEFORE == order || ClockOrder.EQUAL == order)
            {
                return MergeResult.IGNORED;
            }
        }
        if (expired)
        {
            return mergeExpiredTombstone(keyId, hash, key, keyOffset, keyLength, clock, nowNs - ageNs, nowNs);
        }
        MergeResult result = MergeResult.ADDED;
        if (KvStore.NULL_ID != keyId)
        {
            for (int v = keys.firstVersion(keyId); KvStore.NULL_ID != v; v = versions.next(v))
            {
                final ClockOrder order = clock.comparePacked(versions.packedClock(v));
                if (ClockOrder.BEFORE == order)
                {
                    return MergeResult.IGNORED;
                }
                if (ClockOrder.EQUAL == order &&
                    (versions.digest(v) == digest || !versions.isNewer(lamportTime, writerNode, digest, v)))
                {
                    return MergeResult.IGNORED;
                }
            }

            result = MergeResult.REPLACED;
            int v = keys.firstVersion(keyId);
            while (KvStore.NULL_ID != v)
            {
                final int next = versions.next(v);
                if (ClockOrder.CONCURRENT == clock.comparePacked(versions.packedClock(v)))
                {
                    result = MergeResult.SIBLING;
                }
                else
                {
                    versions.remove(keyId, v);
                }
                v = next;
            }
        }
        else
        {
            final byte[] keyCopy = new byte[keyLength];
            key.getBytes(keyOffset, keyCopy, 0, keyLength);
            keyId = keys.add(hash, keyCopy);
        }

        final byte[] valueCopy;
        if (tombstone || 0 == valueLength)
        {
            valueCopy = KvStore.EMPTY;
        }
        else
        {
            valueCopy = new byte[valueLength];
            value.getBytes(valueOffset, valueCopy, 0, valueLength);
        }
        final int added = versions.add(
            keyId, valueCopy, clock.toPacked(), lamportTime, writerNode, flags, nowNs - ageNs, digest);

        if (MergeResult.SIBLING == result && evictExcessSiblings(keyId, added))
        {
            return MergeResult.IGNORED;
        }

        store.notifyChange(keyId, KvChangeListener.Cause.MERGE);
        return result;
    }

    /**
     * @return digest of the version last merged, whatever the result.
     */
    long lastMergeDigest()
    {
        return lastMergeDigest;
    }

    /**
     * @return versions refused for a Lamport time more than {@link KvStore#MAX_LAMPORT_JUMP} ahead.
     */
    long lamportJumpsRejected()
    {
        return lamportJumpsRejected;
    }

    /**
     * @return siblings dropped because a key had more than {@code maxSiblings}.
     */
    long siblingsEvicted()
    {
        return siblingsEvicted;
    }

    /**
     * A tombstone older than the TTL: delete the versions it supersedes, store nothing.
     */
    private MergeResult mergeExpiredTombstone(
        final int keyId,
        final long hash,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final VectorClock clock,
        final long deathNs,
        final long nowNs)
    {
        final long forgetAtNs = deathNs + 2 * tombstoneTtlNs;
        if (forgetAtNs > nowNs)
        {
            final byte[] keyCopy;
            if (KvStore.NULL_ID != keyId)
            {
                keyCopy = keys.bytes(keyId);
            }
            else
            {
                keyCopy = new byte[keyLength];
                key.getBytes(keyOffset, keyCopy, 0, keyLength);
            }
            collectedTombstones.remember(hash, keyCopy, clock.toPacked(), forgetAtNs);
        }
        if (KvStore.NULL_ID == keyId)
        {
            return MergeResult.IGNORED;
        }
        boolean removed = false;
        int v = keys.firstVersion(keyId);
        while (KvStore.NULL_ID != v)
        {
            final int next = versions.next(v);
            if (ClockOrder.AFTER == clock.comparePacked(versions.packedClock(v)))
            {
                versions.remove(keyId, v);
                removed = true;
            }
            v = next;
        }
        if (!removed)
        {
            return MergeResult.IGNORED;
        }
        store.notifyChange(keyId, KvChangeListener.Cause.MERGE);
        if (KvStore.NULL_ID == keys.firstVersion(keyId))
        {
            keys.remove(keyId);
        }
        return MergeResult.REPLACED;
    }

    private boolean evictExcessSiblings(final int keyId, final int added)
    {
        int count = 0;
        for (int v = keys.firstVersion(keyId); KvStore.NULL_ID != v; v = versions.next(v))
        {
            count++;
        }
        boolean evictedAdded = false;
        while (count > maxSiblings)
        {
            int oldest = keys.firstVersion(keyId);
            for (int v = versions.next(oldest); KvStore.NULL_ID != v; v = versions.next(v))
            {
                if (versions.isNewer(oldest, v))
                {
                    oldest = v;
                }
            }
            evictedAdded |= oldest == added;
            versions.remove(keyId, oldest);
            siblingsEvicted++;
            count--;
        }
        return evictedAdded;
    }
}
