package io.starling.engine.kv;

/**
 * Chooses one version among the siblings of a key when a reader asks for a single value
 * ({@link KvStore#get}). Siblings themselves stay in the store until a later write supersedes them; a resolver
 * only chooses, it never mutates. Runs on the store's owning thread.
 */
@FunctionalInterface
public interface ConflictResolver
{
    /**
     * @param versions the key's current versions, at least two (tombstones included; a chosen tombstone reads as
     *                 absent). Valid only during the call.
     * @return index of the chosen version in {@code [0, versions.count())}.
     */
    int choose(KvVersions versions);

    /**
     * Default: last writer wins by Lamport time, then by the higher writer node id, then by the higher version
     * digest (so every node chooses the same version).
     */
    ConflictResolver LAST_WRITER_WINS = (versions) ->
    {
        int best = 0;
        for (int i = 1, n = versions.count(); i < n; i++)
        {
            if (versions.isNewer(i, best))
            {
                best = i;
            }
        }
        return best;
    };
}
