package io.starling.engine.kv;

import org.agrona.DirectBuffer;

/**
 * Told after each change of a key in a {@link KvStore}, on the store's owning thread. The listener may read the
 * store but must not change it (a change from inside the callback throws {@link IllegalStateException}).
 */
@FunctionalInterface
public interface KvChangeListener
{
    /**
     * What caused a change.
     */
    enum Cause
    {
        /** A local put. */
        PUT,
        /** A local delete (the key now holds a tombstone). */
        DELETE,
        /** A remote version was merged in (added, replaced the local versions, or became a sibling). */
        MERGE
    }

    /**
     * @param key       buffer holding the key; valid only during the call.
     * @param keyOffset offset of the key.
     * @param keyLength length of the key.
     * @param versions  the key's versions after the change; valid only during the call.
     * @param cause     what changed it.
     */
    void onChange(DirectBuffer key, int keyOffset, int keyLength, KvVersions versions, Cause cause);
}
