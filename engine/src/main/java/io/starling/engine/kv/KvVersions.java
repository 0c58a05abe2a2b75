package io.starling.engine.kv;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A read-only view of one key's versions (more than one when concurrent writes are kept as siblings). The view is
 * reused by its store: it is valid until the store is next changed or asked for another key.
 */
public final class KvVersions
{
    private final VersionTable versions;
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private int[] versionIds = new int[4];
    private int count;

    KvVersions(final VersionTable versions)
    {
        this.versions = versions;
    }

    /**
     * @return number of versions; zero when the key is unknown.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param index of a version.
     * @return true if the version is a deletion marker.
     */
    public boolean isTombstone(final int index)
    {
        return versions.isTombstone(versionId(index));
    }

    /**
     * @param index of a version.
     * @return its Lamport time.
     */
    public long lamportTime(final int index)
    {
        return versions.lamportTime(versionId(index));
    }

    /**
     * @param index of a version.
     * @return node id of the node that wrote it.
     */
    public int writerNode(final int index)
    {
        return versions.writer(versionId(index));
    }

    /**
     * @param index of a version.
     * @return digest of the version (the value it adds to its Merkle leaf).
     */
    public long digest(final int index)
    {
        return versions.digest(versionId(index));
    }

    /**
     * @param index of a version.
     * @return length of its value in bytes (zero for a tombstone).
     */
    public int valueLength(final int index)
    {
        return versions.value(versionId(index)).length;
    }

    /**
     * @param index of a version.
     * @return a view of its value, valid until the next call of this method.
     */
    public DirectBuffer value(final int index)
    {
        final byte[] value = versions.value(versionId(index));
        valueView.wrap(value);
        return valueView;
    }

    /**
     * @param index of a version.
     * @return a copy of its value (allocates).
     */
    public byte[] valueCopy(final int index)
    {
        return versions.value(versionId(index)).clone();
    }

    /**
     * @param index of a version.
     * @param dst   receives the version's vector clock.
     * @return {@code dst}.
     */
    public VectorClock clock(final int index, final VectorClock dst)
    {
        return dst.loadPacked(versions.packedClock(versionId(index)));
    }

    /**
     * The order {@link ConflictResolver#LAST_WRITER_WINS} uses: Lamport time, then writer node id, then digest.
     *
     * @param a index of a version.
     * @param b index of another version.
     * @return true if version {@code a} is newer than version {@code b}.
     */
    public boolean isNewer(final int a, final int b)
    {
        return versions.isNewer(versionId(a), versionId(b));
    }

    int versionId(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("index=" + index + " count=" + count);
        }
        return versionIds[index];
    }

    void reset()
    {
        count = 0;
    }

    void add(final int versionId)
    {
        if (count == versionIds.length)
        {
            versionIds = java.util.Arrays.copyOf(versionIds, count * 2);
        }
        versionIds[count++] = versionId;
    }
}
