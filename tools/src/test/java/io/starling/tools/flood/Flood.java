package io.starling.tools.flood;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SenderPos;
import io.starling.engine.transport.Endpoints;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Floods one UDP endpoint with two kinds of hostile traffic, interleaved in chunks:
 * <ul>
 *     <li>raw datagrams of random bytes (0 to 1,408 bytes) sent with a plain {@link DatagramChannel}: the receiving
 *     media driver drops them before the engine sees them, counting those with a bad version byte or shorter than
 *     an Aeron header as "invalid packets" (the rest it ignores silently);</li>
 *     <li>well-formed Aeron data frames carrying {@link GarbageFrames} payloads, sent by an Aeron publication of our
 *     own (a media driver of our own, in a directory of our own) on the engine's channel and stream, so they reach
 *     the engine's decoder.</li>
 * </ul>
 * Runs until everything is sent or the deadline passes. With a pacing source (the victim's invalid packet counter)
 * raw datagrams are kept within a window of the victim's progress, so the kernel's receive buffer never overflows
 * and every datagram is accounted; without one they go out as fast as the socket takes them (a burst).
 * {@link #main(String[])} runs it in its own JVM (inside a network namespace) and prints the tally as JSON.
 */
public final class Flood implements AutoCloseable
{
    /** Largest raw datagram: the Aeron MTU the engine uses. */
    public static final int MAX_RAW_LENGTH = 1408;
    private static final int CHUNK = 1_000;
    private static final long STALL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final InetSocketAddress target;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Publication publication;
    private final DatagramChannel channel;

    /** What was sent and what the sender expects the victim to account. */
    public static final class Tally
    {
        public long rawSent;
        public long rawBytesSent;
        /** Raw datagrams the victim's driver must count as invalid packets (bad version or too short). */
        public long rawExpectedInvalid;
        /** Raw datagrams empty, or with version 0 and a full header: ignored by the driver without a count. */
        public long rawIgnoredByDriver;
        public long rawStalls;
        public long rawEmpty;
        public long framesSent;
        public long frameBytesSent;
        public final EnumMap<GarbageFrames.Kind, Long> framesByKind = new EnumMap<>(GarbageFrames.Kind.class);
        public final EnumMap<GarbageFrames.Outcome, Long> framesByOutcome = new EnumMap<>(GarbageFrames.Outcome.class);
        public long backPressured;
        public long unsafeReplaced;
        public long elapsedNs;
        public boolean deadlineHit;
        public boolean drained;

        long outcome(final GarbageFrames.Outcome outcome)
        {
            return framesByOutcome.getOrDefault(outcome, 0L);
        }

        public Map<String, Object> toMap()
        {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("raw_sent", rawSent);
            doc.put("raw_bytes_sent", rawBytesSent);
            doc.put("raw_expected_invalid", rawExpectedInvalid);
            doc.put("raw_ignored_by_driver", rawIgnoredByDriver);
            doc.put("raw_stalls", rawStalls);
            doc.put("raw_empty", rawEmpty);
            doc.put("frames_sent", framesSent);
            doc.put("frame_bytes_sent", frameBytesSent);
            for (final GarbageFrames.Kind kind : GarbageFrames.Kind.values())
            {
                doc.put("frames_" + kind.name().toLowerCase(), framesByKind.getOrDefault(kind, 0L));
            }
            for (final GarbageFrames.Outcome outcome : GarbageFrames.Outcome.values())
            {
                doc.put("expect_" + outcome.name().toLowerCase(), outcome(outcome));
            }
            doc.put("back_pressured", backPressured);
            doc.put("unsafe_replaced", unsafeReplaced);
            doc.put("elapsed_ms", TimeUnit.NANOSECONDS.toMillis(elapsedNs));
            doc.put("deadline_hit", deadlineHit);
            doc.put("drained", drained);
            return doc;
        }
    }

    /**
     * Start our own media driver and publication on the target's channel, and a datagram channel to it.
     *
     * @param targetHost     address of the victim process.
     * @param targetPort     its UDP port.
     * @param streamId       the cluster's Aeron stream.
     * @param aeronDirectory a directory of our own for the media driver (deleted at start and close).
     * @param connectTimeoutMs longest wait for the publication to connect.
     */
    public Flood(
        final String targetHost,
        final int targetPort,
        final int streamId,
        final String aeronDirectory,
        final long connectTimeoutMs) throws IOException
    {
        target = new InetSocketAddress(targetHost, targetPort);
        MediaDriver driver = null;
        Aeron aeron = null;
        DatagramChannel channel = null;
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(64 * 1024)
                .warnIfDirectoryExists(false));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final Publication publication = aeron.addPublication(
                "aeron:udp?endpoint=" + targetHost + ":" + targetPort + "|mtu=1408|term-length=65536", streamId);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs);
            while (!publication.isConnected())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("flood publication to " + target + " did not connect in " +
                        connectTimeoutMs + " ms");
                }
                LockSupport.parkNanos(1_000_000);
            }
            channel = DatagramChannel.open();
            channel.connect(target);
            this.driver = driver;
            this.aeron = aeron;
            this.publication = publication;
            this.channel = channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(channel, aeron, driver);
            throw ex;
        }
    }

    /**
     * Send raw datagrams and garbage frames, interleaved in chunks of 1,000.
     *
     * @param frames        the garbage generator.
     * @param rawCount      raw datagrams to send.
     * @param frameCount    Aeron frames to send, the kinds in turn.
     * @param kinds         kinds of frame to send.
     * @param seed          randomness of the raw datagrams.
     * @param deadlineNs    {@link System#nanoTime()} to give up at.
     * @param rawCounted    the victim's invalid packet counter, to pace raw datagrams; null for a burst.
     * @param windowDatagrams raw datagrams allowed in flight when pacing.
     * @return the tally.
     */
    public Tally run(
        final GarbageFrames frames,
        final long rawCount,
        final long frameCount,
        final GarbageFrames.Kind[] kinds,
        final long seed,
        final long deadlineNs,
        final LongSupplier rawCounted,
        final int windowDatagrams) throws IOException
    {
        final Tally tally = new Tally();
        final SplittableRandom random = new SplittableRandom(seed);
        final ByteBuffer raw = ByteBuffer.allocateDirect(MAX_RAW_LENGTH);
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(GarbageFrames.MAX_FRAME_LENGTH * 2));
        final long countedAtStart = null == rawCounted ? 0 : rawCounted.getAsLong();
        final long startNs = System.nanoTime();
        int kindIndex = 0;

        outer:
        while (tally.rawSent < rawCount || tally.framesSent < frameCount)
        {
            for (int i = 0; i < CHUNK && tally.rawSent < rawCount; i++)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    tally.deadlineHit = true;
                    break outer;
                }
                if (null != rawCounted)
                {
                    pace(tally, rawCounted, countedAtStart, windowDatagrams, deadlineNs);
                }
                final int length = random.nextInt(MAX_RAW_LENGTH + 1);
                raw.clear();
                for (int b = 0; b < length; b++)
                {
                    raw.put((byte)random.nextInt(256));
                }
                raw.flip();
                // The driver counts a datagram shorter than a header or with a version other than 0 as invalid; an
                // empty datagram it reads as nothing at all.
                final boolean invalid = length > 0 && (length < 8 || 0 != raw.get(4));
                channel.write(raw);
                if (0 == length)
                {
                    tally.rawEmpty++;
                }
                tally.rawSent++;
                tally.rawBytesSent += length;
                if (invalid)
                {
                    tally.rawExpectedInvalid++;
                }
                else
                {
                    tally.rawIgnoredByDriver++;
                }
            }
            for (int i = 0; i < CHUNK && tally.framesSent < frameCount; i++)
            {
                final GarbageFrames.Kind kind = kinds[kindIndex];
                kindIndex = (kindIndex + 1) % kinds.length;
                final int length = frames.next(kind, frame);
                final GarbageFrames.Outcome outcome = frames.lastOutcome();
                long result;
                while ((result = publication.offer(frame, 0, length)) < 0)
                {
                    if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
                    {
                        throw new IllegalStateException("flood publication closed: " + result);
                    }
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        tally.deadlineHit = true;
                        break outer;
                    }
                    tally.backPressured++;
                    LockSupport.parkNanos(20_000);
                }
                tally.framesSent++;
                tally.frameBytesSent += length;
                tally.framesByKind.merge(kind, 1L, Long::sum);
                tally.framesByOutcome.merge(outcome, 1L, Long::sum);
            }
        }
        tally.drained = awaitSent(deadlineNs);
        tally.elapsedNs = System.nanoTime() - startNs;
        tally.unsafeReplaced = frames.replacedUnsafe();
        return tally;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(channel, aeron, driver);
    }

    private static void pace(
        final Tally tally,
        final LongSupplier rawCounted,
        final long countedAtStart,
        final int window,
        final long deadlineNs)
    {
        long lastCounted = rawCounted.getAsLong();
        long lastProgressNs = System.nanoTime();
        while (tally.rawExpectedInvalid - (lastCounted - countedAtStart) > window)
        {
            LockSupport.parkNanos(20_000);
            final long counted = rawCounted.getAsLong();
            final long nowNs = System.nanoTime();
            if (counted != lastCounted)
            {
                lastCounted = counted;
                lastProgressNs = nowNs;
            }
            else if (nowNs - lastProgressNs > STALL_NS || nowNs - deadlineNs > 0)
            {
                tally.rawStalls++;
                return;
            }
        }
    }

    /**
     * Wait until our driver has sent everything offered (its sender position reaches the publication's).
     */
    private boolean awaitSent(final long deadlineNs)
    {
        final long target = publication.position();
        final long registrationId = publication.registrationId();
        final long waitUntilNs = Math.max(deadlineNs, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        while (System.nanoTime() - waitUntilNs < 0)
        {
            final long[] sent = {-1};
            aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (SenderPos.SENDER_POSITION_TYPE_ID == typeId && keyBuffer.getLong(0) == registrationId)
                {
                    sent[0] = aeron.countersReader().getCounterValue(counterId);
                }
            });
            if (sent[0] >= target)
            {
                return true;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    /**
     * Run a flood from its own JVM and print the tally as one JSON line. Arguments, as {@code key=value}:
     * {@code target=HOST:PORT raw=N frames=M kinds=RANDOM,... seed=S deadline-ms=D aeron-dir=DIR
     * cluster-id=C stream-id=S victim-ids=A-B member-ids=A-B@HOST:PORT[;A-B@HOST:PORT...] allow=A.B.C.0/24}.
     *
     * @param args as above.
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> kv = new LinkedHashMap<>();
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            kv.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final long targetKey = Endpoints.parse("target", kv.get("target"));
        final String host = Endpoints.formatIpv4(Endpoints.ipv4(targetKey));
        final int port = Endpoints.port(targetKey);
        final int[] victimIds = range(kv.get("victim-ids"));
        final List<int[]> members = new ArrayList<>();
        for (final String group : kv.get("member-ids").split(";"))
        {
            final String[] parts = group.split("@");
            final long key = Endpoints.parse("member-ids", parts[1]);
            for (final int id : range(parts[0]))
            {
                members.add(new int[]{id, Endpoints.ipv4(key), Endpoints.port(key)});
            }
        }
        final int[] ids = members.stream().mapToInt((m) -> m[0]).toArray();
        final int[] ipv4 = members.stream().mapToInt((m) -> m[1]).toArray();
        final int[] ports = members.stream().mapToInt((m) -> m[2]).toArray();
        final String[] allow = kv.get("allow").split("/");
        final int allowNet = Endpoints.ipv4(Endpoints.parse("allow", allow[0] + ":1"));
        final int allowMask = -1 << (32 - Integer.parseInt(allow[1]));
        final long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
        final GarbageFrames frames = new GarbageFrames(seed, Integer.decode(kv.get("cluster-id")), victimIds, ids,
            ipv4, ports, (a) -> (a & allowMask) == (allowNet & allowMask));
        final String[] kindNames = kv.get("kinds").split(",");
        final GarbageFrames.Kind[] kinds = new GarbageFrames.Kind[kindNames.length];
        for (int i = 0; i < kinds.length; i++)
        {
            kinds[i] = GarbageFrames.Kind.valueOf(kindNames[i]);
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
            Long.parseLong(kv.getOrDefault("deadline-ms", "60000")));
        try (Flood flood = new Flood(host, port, Integer.decode(kv.get("stream-id")), kv.get("aeron-dir"), 10_000))
        {
            final Tally tally = flood.run(frames, Long.parseLong(kv.get("raw")), Long.parseLong(kv.get("frames")),
                kinds, seed ^ 0x9E3779B97F4A7C15L, deadlineNs, null, 0);
            System.out.println(new ObjectMapper().writeValueAsString(tally.toMap()));
            System.out.flush();
        }
        finally
        {
            final File dir = new File(kv.get("aeron-dir"));
            if (dir.exists())
            {
                org.agrona.IoUtil.delete(dir, true);
            }
        }
    }

    private static int[] range(final String text)
    {
        final String[] ends = text.split("-");
        final int from = Integer.parseInt(ends[0]);
        final int to = Integer.parseInt(ends[ends.length - 1]);
        final int[] ids = new int[to - from + 1];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = from + i;
        }
        return ids;
    }
}
