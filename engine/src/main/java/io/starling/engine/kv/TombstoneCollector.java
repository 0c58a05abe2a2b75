package io.starling.engine.kv;

/**
 * Collection of tombstones {@code tombstoneTtlNs} after their delete, oldest first from the {@link TombstoneQueue}:
 * the tombstone version goes, a key left without versions goes, and the tombstone's clock is remembered for another
 * TTL in {@link CollectedTombstones}. Also due at each collection: forgetting writers long unseen
 * ({@link ClockPruner}) and remembered clocks past their time.
 * <p>
 * Nodes share no clock, so a tombstone travels with its <b>age</b> (time since the delete, in milliseconds, in the
 * tombstone's otherwise empty value: {@link KvStore#encodeTombstoneAge}); the receiver dates it {@code nowNs - age}.
 * A tombstone that arrives older than the TTL still deletes the versions it supersedes but is not stored
 * ({@link VersionMerge}), so a replica that has collected it never takes it back, and every replica collects it
 * within the TTL plus the time the age was in flight. A replica cut off from every holder of the tombstone for
 * longer than the TTL can still bring the value back: choose the TTL above the longest partition to be survived.
 * Replicas date a tombstone on arrival, so they collect it at slightly different times (a rumor's delay, a chain
 * of anti-entropy rounds); for another TTL after collecting it a store remembers its clock: a copy still held
 * elsewhere does not come back, and the next local write of the key dominates it, instead of becoming its sibling
 * where it is still held.
 */
final class TombstoneCollector
{
    private final KeyTable keys;
    private final VersionTable versions;
    private final TombstoneQueue queue;
    private final CollectedTombstones collectedTombstones;
    private final ClockPruner pruner;
    private final long tombstoneTtlNs;

    TombstoneCollector(
        final KeyTable keys,
        final VersionTable versions,
        final TombstoneQueue queue,
        final CollectedTombstones collectedTombstones,
        final ClockPruner pruner,
        final long tombstoneTtlNs)
    {
        this.keys = keys;
        this.versions = versions;
        this.queue = queue;
        this.collectedTombstones = collectedTombstones;
        this.pruner = pruner;
        this.tombstoneTtlNs = tombstoneTtlNs;
    }

    /**
     * @param nowNs current time.
     * @return number of tombstones collected.
     */
    int collect(final long nowNs)
    {
        int collected = 0;
        while (!queue.isEmpty())
        {
            final long deathNs = queue.headDeathNs();
            if (nowNs - deathNs < tombstoneTtlNs)
            {
                break;
            }
            final int v = queue.pollHead();
            final int keyId = versions.keyOf(v);
            if (KvStore.NULL_ID != keyId && versions.isTombstone(v) && versions.deathNs(v) == deathNs)
            {
                collectedTombstones.remember(
                    keys.hash(keyId), keys.bytes(keyId), versions.packedClock(v), deathNs + 2 * tombstoneTtlNs);
                versions.remove(keyId, v);
                if (KvStore.NULL_ID == keys.firstVersion(keyId))
                {
                    keys.remove(keyId);
                }
                collected++;
            }
        }
        pruner.forgetOldWriters(nowNs);
        collectedTombstones.forget(nowNs);
        return collected;
    }
}
