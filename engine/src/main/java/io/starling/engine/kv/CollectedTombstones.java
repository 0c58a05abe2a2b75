package io.starling.engine.kv;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The clocks of tombstones this store has collected, kept for a while after the tombstone itself is gone. Replicas
 * date a tombstone from its age on arrival, so they collect it at slightly different times (a rumor or a chain of
 * anti-entropy rounds adds its delay); while one replica has collected it and another still holds it, the first
 * must neither take the tombstone back from the second nor write the key with a clock that no longer dominates it
 * (the second would keep the old tombstone as a sibling of the newer value). A local write merges the remembered
 * clock, and a merged version that the remembered clock dominates is ignored.
 * <p>
 * Not a tombstone: nothing here is read, sent, counted in the Merkle tree or given to a listener. Memory is one key
 * and one clock per key deleted in the last {@code rememberNs}. Allocates on collection only (the delete path),
 * never when nothing is remembered.
 */
final class CollectedTombstones
{
    private static final class Entry
    {
        final long keyHash;
        final byte[] key;
        long[] clock;
        long forgetAtNs;
        Entry next;

        Entry(final long keyHash, final byte[] key, final long[] clock, final long forgetAtNs)
        {
            this.keyHash = keyHash;
            this.key = key;
            this.clock = clock;
            this.forgetAtNs = forgetAtNs;
        }
    }

    private final Long2ObjectHashMap<Entry> byKeyHash = new Long2ObjectHashMap<>();
    private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
    private final VectorClock scratch = new VectorClock(8);
    private int size;

    /**
     * Remember (or widen) the collected tombstone clock of a key until {@code forgetAtNs}.
     *
     * @param keyHash    the store's hash of the key.
     * @param key        the key; kept by reference, so not modified afterwards.
     * @param clock      packed clock of the collected tombstone.
     * @param forgetAtNs when to forget it.
     */
    void remember(final long keyHash, final byte[] key, final long[] clock, final long forgetAtNs)
    {
        final Entry head = byKeyHash.get(keyHash);
        for (Entry e = head; null != e; e = e.next)
        {
            if (Arrays.equals(e.key, key))
            {
                e.clock = scratch.clear().mergePacked(e.clock).mergePacked(clock).toPacked();
                if (forgetAtNs > e.forgetAtNs)
                {
                    e.forgetAtNs = forgetAtNs;
                    byAge.addLast(e);
                }
                return;
            }
        }
        final Entry e = new Entry(keyHash, key, clock, forgetAtNs);
        e.next = head;
        byKeyHash.put(keyHash, e);
        byAge.addLast(e);
        size++;
    }

    /**
     * @return the remembered clock of the key (packed), or null.
     */
    long[] clockOf(final long keyHash, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        if (0 == size)
        {
            return null;
        }
        for (Entry e = byKeyHash.get(keyHash); null != e; e = e.next)
        {
            if (KeyTable.sameBytes(e.key, key, keyOffset, keyLength))
            {
                return e.clock;
            }
        }
        return null;
    }

    /**
     * Forget what is due. Entries are queued in the order they were remembered; one whose time was extended is
     * queued again and skipped at its old place.
     */
    void forget(final long nowNs)
    {
        Entry e;
        while (null != (e = byAge.peekFirst()) && e.forgetAtNs <= nowNs)
        {
            byAge.pollFirst();
            remove(e);
        }
    }

    /**
     * @return keys remembered.
     */
    int size()
    {
        return size;
    }

    private void remove(final Entry target)
    {
        final long keyHash = target.keyHash;
        Entry prev = null;
        for (Entry e = byKeyHash.get(keyHash); null != e; prev = e, e = e.next)
        {
            if (e == target)
            {
                if (null == prev)
                {
                    if (null == e.next)
                    {
                        byKeyHash.remove(keyHash);
                    }
                    else
                    {
                        byKeyHash.put(keyHash, e.next);
                    }
                }
                else
                {
                    prev.next = e.next;
                }
                size--;
                return;
            }
        }
    }
}
