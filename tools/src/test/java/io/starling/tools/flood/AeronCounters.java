package io.starling.tools.flood;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.function.LongSupplier;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads a running media driver's system counters from outside, by mapping its CnC file (the way AeronStat does):
 * used to see what the driver dropped before the engine saw it (invalid packets, loss gap fills).
 */
public final class AeronCounters implements AutoCloseable
{
    private final MappedByteBuffer cnc;
    private final CountersReader reader;

    /**
     * @param aeronDirectory the driver's directory (holding cnc.dat).
     */
    public AeronCounters(final File aeronDirectory)
    {
        cnc = IoUtil.mapExistingFile(new File(aeronDirectory, CncFileDescriptor.CNC_FILE), "cnc");
        final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
        reader = new CountersReader(
            CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
            CncFileDescriptor.createCountersValuesBuffer(cnc, meta));
    }

    /**
     * @param descriptor a system counter.
     * @return its value, or -1 if the driver has no such counter.
     */
    public long system(final SystemCounterDescriptor descriptor)
    {
        final int counterId = counterId(descriptor);
        return counterId < 0 ? -1 : reader.getCounterValue(counterId);
    }

    /**
     * @param descriptor a system counter.
     * @return a cheap reader of its value (the counter is looked up once).
     */
    public LongSupplier supplier(final SystemCounterDescriptor descriptor)
    {
        final int counterId = counterId(descriptor);
        if (counterId < 0)
        {
            throw new IllegalStateException("no system counter " + descriptor);
        }
        return () -> reader.getCounterValue(counterId);
    }

    private int counterId(final SystemCounterDescriptor descriptor)
    {
        final int[] found = {-1};
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (SystemCounterDescriptor.SYSTEM_COUNTER_TYPE_ID == typeId && keyBuffer.getInt(0) == descriptor.id())
            {
                found[0] = counterId;
            }
        });
        return found[0];
    }

    public void close()
    {
        IoUtil.unmap(cnc);
    }
}
