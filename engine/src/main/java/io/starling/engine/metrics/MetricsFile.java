package io.starling.engine.metrics;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * One memory-mapped file per engine holding its counters and its distinct error log, readable from outside the
 * process ({@code starling stat}) the way AeronStat reads a driver's CnC file.
 * <p>
 * Layout (little endian), every section starting on a 4 KiB boundary:
 * <pre>
 *   0  int   magic                  'STRL' (0x4C525453)
 *   4  int   layout version         {@link #LAYOUT_VERSION}, written last with release semantics
 *   8  long  pid of the owning process
 *  16  long  start time, epoch ms
 *  24  int   counters metadata length
 *  28  int   counters values length
 *  32  int   error log length
 *  36  int   reserved
 *  40  long  heartbeat, epoch ms: the owner's last duty cycle (release/acquire)
 *  48  ...   reserved up to 4096
 * 4096       counters metadata  (CountersManager metadata records)
 *   +        counters values    (CountersManager value records)
 *   +        error log          (DistinctErrorLog records)
 * </pre>
 * A reader checks the magic and the version before trusting the lengths.
 */
public final class MetricsFile implements AutoCloseable
{
    /** Name of the file inside an engine directory. */
    public static final String FILE_NAME = "metrics.dat";
    /**
     * Version of this layout and of the counters' type ids and keys; a reader refuses another. 2: counters grouped
     * by owner (transport and replication type ids, host counters for the duty cycle and commands, keys within the
     * owner).
     */
    public static final int LAYOUT_VERSION = 2;
    /** Magic number at offset 0. */
    public static final int MAGIC = 0x4C525453;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PID_OFFSET = 8;
    static final int START_TIMESTAMP_OFFSET = 16;
    static final int METADATA_LENGTH_OFFSET = 24;
    static final int VALUES_LENGTH_OFFSET = 28;
    static final int ERROR_LOG_LENGTH_OFFSET = 32;
    static final int HEARTBEAT_OFFSET = 40;
    /** Bytes of the header page. */
    public static final int HEADER_LENGTH = 4096;
    private static final int SECTION_ALIGNMENT = 4096;

    private final File file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadataBuffer;
    private final UnsafeBuffer valuesBuffer;
    private final UnsafeBuffer errorLogBuffer;
    private boolean closed;

    private MetricsFile(final File file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        final UnsafeBuffer whole = new UnsafeBuffer(mapped);
        this.header = new UnsafeBuffer(whole, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        final int errorLogLength = header.getInt(ERROR_LOG_LENGTH_OFFSET);
        final int metadataOffset = HEADER_LENGTH;
        final int valuesOffset = metadataOffset + metadataLength;
        final int errorLogOffset = valuesOffset + valuesLength;
        if (errorLogOffset + errorLogLength > whole.capacity() || metadataLength <= 0 || valuesLength <= 0 ||
            errorLogLength <= 0)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("metrics file " + file + " has inconsistent section lengths");
        }
        this.metadataBuffer = new UnsafeBuffer(whole, metadataOffset, metadataLength);
        this.valuesBuffer = new UnsafeBuffer(whole, valuesOffset, valuesLength);
        this.errorLogBuffer = new UnsafeBuffer(whole, errorLogOffset, errorLogLength);
    }

    /**
     * Create (or replace) and map a metrics file.
     *
     * @param file                 path of the file.
     * @param maxCounters          counters it can hold.
     * @param errorLogLengthBytes  bytes for the error log (rounded up to 4 KiB).
     * @param pid                  pid to record.
     * @param epochClock           start time source.
     * @return the mapped file, ready for a {@link CountersManager}.
     */
    public static MetricsFile create(
        final File file, final int maxCounters, final int errorLogLengthBytes, final long pid, final EpochClock epochClock)
    {
        if (maxCounters <= 0)
        {
            throw new IllegalArgumentException("maxCounters=" + maxCounters + " must be greater than zero");
        }
        if (errorLogLengthBytes <= 0)
        {
            throw new IllegalArgumentException("errorLogLengthBytes=" + errorLogLengthBytes + " must be positive");
        }
        final int valuesLength = BitUtil.align(maxCounters * CountersReader.COUNTER_LENGTH, SECTION_ALIGNMENT);
        final int metadataLength = valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH);
        final int errorLogLength = BitUtil.align(errorLogLengthBytes, SECTION_ALIGNMENT);
        final long totalLength = (long)HEADER_LENGTH + metadataLength + valuesLength + errorLogLength;

        if (file.exists() && !file.delete())
        {
            throw new IllegalStateException("cannot replace " + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, totalLength, true);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(MAGIC_OFFSET, MAGIC);
        header.putLong(PID_OFFSET, pid);
        header.putLong(START_TIMESTAMP_OFFSET, epochClock.time());
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(ERROR_LOG_LENGTH_OFFSET, errorLogLength);
        header.putLong(HEARTBEAT_OFFSET, epochClock.time());
        header.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
        return new MetricsFile(file, mapped);
    }

    /**
     * Map an existing metrics file read only, after checking its magic and layout version.
     *
     * @param file path of the file.
     * @return the mapped file (its counters manager is not available).
     * @throws IllegalStateException if the file is not a metrics file of this layout version.
     */
    public static MetricsFile mapExisting(final File file)
    {
        if (!file.isFile() || file.length() < HEADER_LENGTH)
        {
            throw new IllegalStateException("no metrics file at " + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "metrics");
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int magic = header.getInt(MAGIC_OFFSET);
        final int version = header.getIntVolatile(VERSION_OFFSET);
        if (MAGIC != magic)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("metrics file " + file + " is not a Starling metrics file (magic=0x" +
                Integer.toHexString(magic) + ")");
        }
        if (LAYOUT_VERSION != version)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("metrics file " + file + " has layout version " + version +
                "; this release reads version " + LAYOUT_VERSION + " (use the starling of the engine's release)");
        }
        return new MetricsFile(file, mapped);
    }

    /**
     * @param epochClock time source for counter reuse timeouts.
     * @return a counters manager over this file's counters (owner only, one per file).
     */
    public CountersManager newCountersManager(final EpochClock epochClock)
    {
        return new CountersManager(metadataBuffer, valuesBuffer, StandardCharsets.US_ASCII, epochClock, 0);
    }

    /**
     * @return a reader over the counters, for any process.
     */
    public CountersReader countersReader()
    {
        return new CountersReader(metadataBuffer, valuesBuffer, StandardCharsets.US_ASCII);
    }

    /**
     * @return the buffer holding the distinct error log.
     */
    public AtomicBuffer errorLogBuffer()
    {
        return errorLogBuffer;
    }

    /**
     * @return the file.
     */
    public File file()
    {
        return file;
    }

    /**
     * @return pid of the owning process.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return start time of the owner, epoch ms.
     */
    public long startTimestampMs()
    {
        return header.getLong(START_TIMESTAMP_OFFSET);
    }

    /**
     * @return the owner's last heartbeat, epoch ms.
     */
    public long heartbeatMs()
    {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /**
     * @param epochMs the owner's heartbeat to publish.
     */
    public void heartbeat(final long epochMs)
    {
        header.putLongRelease(HEARTBEAT_OFFSET, epochMs);
    }

    /**
     * @return the layout version recorded in the file.
     */
    public int layoutVersion()
    {
        return header.getIntVolatile(VERSION_OFFSET);
    }

    /**
     * Unmap the file (it stays on disk). Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
