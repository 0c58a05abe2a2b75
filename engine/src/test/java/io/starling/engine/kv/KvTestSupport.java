package io.starling.engine.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Helpers shared by the kv tests.
 */
final class KvTestSupport
{
    private KvTestSupport()
    {
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(final byte[] b)
    {
        return null == b ? null : new String(b, StandardCharsets.UTF_8);
    }

    static KvStore store(final int nodeId)
    {
        return new KvStore(new KvStoreConfig().nodeId(nodeId));
    }

    /**
     * Copy every version of {@code key} from one store to another through {@link KvStore#merge}.
     */
    static void replicate(final KvStore from, final byte[] key, final KvStore to, final long nowNs)
    {
        final KvVersions versions = from.versions(key);
        final List<Object[]> copies = new ArrayList<>();
        for (int i = 0; i < versions.count(); i++)
        {
            copies.add(new Object[] {versions.valueCopy(i), versions.isTombstone(i), versions.lamportTime(i),
                versions.writerNode(i), versions.clock(i, new VectorClock())});
        }
        for (final Object[] c : copies)
        {
            final byte[] value = (byte[])c[0];
            to.merge(new UnsafeBuffer(key), 0, key.length, new UnsafeBuffer(value), 0, value.length,
                (Boolean)c[1], (Long)c[2], (Integer)c[3], (VectorClock)c[4], nowNs);
        }
    }

    /**
     * Every version of every key, as sorted text lines: two stores hold the same data iff these are equal.
     */
    static List<String> dump(final KvStore store)
    {
        final List<String> lines = new ArrayList<>();
        final VectorClock clock = new VectorClock();
        store.forEachKey((key, offset, length, versions) ->
        {
            final byte[] k = new byte[length];
            key.getBytes(offset, k);
            for (int i = 0; i < versions.count(); i++)
            {
                lines.add(string(k) + " -> " + (versions.isTombstone(i) ? "<deleted>" : string(versions.valueCopy(i))) +
                    " @" + versions.lamportTime(i) + "/" + versions.writerNode(i) + " " + versions.clock(i, clock));
            }
        });
        lines.sort(String::compareTo);
        return lines;
    }

    /**
     * Values (tombstones excluded) held for a key, as a sorted list.
     */
    static List<String> values(final KvStore store, final String key)
    {
        final List<String> values = new ArrayList<>();
        final KvVersions versions = store.versions(bytes(key));
        for (int i = 0; i < versions.count(); i++)
        {
            values.add(versions.isTombstone(i) ? "<deleted>" : string(versions.valueCopy(i)));
        }
        values.sort(String::compareTo);
        return values;
    }
}
