package io.starling.bench.security;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.Keyring;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Seal and open of one frame with AES-128-GCM through {@link FrameCipher}, as a host would: frames in clear come
 * from a direct (off-heap) buffer like the FramePacker's, sealed frames arrive in a direct buffer like an Aeron
 * term buffer, results land in the cipher's own buffers.
 * <ul>
 *     <li>{@code frame = ping}: a Ping with two piggybacked updates, 97 bytes in clear, 126 sealed.</li>
 *     <li>{@code frame = full}: a frame filling the sealed transport budget, 1,347 bytes in clear, 1,376 sealed.</li>
 * </ul>
 * {@code open} runs without the replay window (the same frame is opened again and again); {@code sealThenOpen} is
 * the full round trip with the replay window on. Run with {@code -prof gc} for the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FrameCipherBenchmark
{
    private static final int TRANSPORT_BUDGET_BYTES = 1376;
    private static final byte[] KEY = {
        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte)0x88,
        (byte)0x99, (byte)0xAA, (byte)0xBB, (byte)0xCC, (byte)0xDD, (byte)0xEE, (byte)0xFF, 0x01};

    @Param({"ping", "full"})
    public String frame;

    private FrameCipher sealer;
    private FrameCipher opener;
    private FrameCipher roundTripOpener;
    private UnsafeBuffer plain;
    private int plainLength;
    private UnsafeBuffer sealed;
    private int sealedLength;

    @Setup
    public void setup()
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, KEY);
        keyring.usePrimary(1);
        sealer = new FrameCipher(new FrameCipher.Context().keyring(keyring));
        opener = new FrameCipher(new FrameCipher.Context().keyring(keyring).replayProtection(false));
        roundTripOpener = new FrameCipher(new FrameCipher.Context().keyring(keyring));

        plain = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtil.align(TRANSPORT_BUDGET_BYTES, 64), 64));
        plainLength = "ping".equals(frame) ?
            pingFrame(plain) : rumorFrame(plain, FrameCipher.plainFrameBudgetBytes(TRANSPORT_BUDGET_BYTES));

        sealed = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtil.align(TRANSPORT_BUDGET_BYTES, 64), 64));
        sealedLength = sealer.seal(plain, 0, plainLength, sealed, 0);
        if (sealedLength != plainLength + FrameCipher.SEAL_OVERHEAD_BYTES ||
            opener.open(sealed, 0, sealedLength) != plainLength)
        {
            throw new IllegalStateException("setup: seal/open failed");
        }
    }

    @Benchmark
    public int seal()
    {
        return sealer.seal(plain, 0, plainLength);
    }

    @Benchmark
    public int open()
    {
        return opener.open(sealed, 0, sealedLength);
    }

    @Benchmark
    public int sealThenOpen()
    {
        final int length = sealer.seal(plain, 0, plainLength);
        return roundTripOpener.open(sealer.sealedBuffer(), 0, length);
    }

    private static int pingFrame(final MutableDirectBuffer buffer)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT).srcNode(101).dstNode(102).sequence(1).flags((short)0);
        final PingEncoder ping = new PingEncoder()
            .wrapAndApplyHeader(buffer, FramePacker.FRAME_HEADER_LENGTH, header).seq(7).targetNode(102);
        ping.sourceEndpoint().ipv4(0x0A000001).port(20_000);
        final PingEncoder.UpdatesEncoder updates = ping.updatesCount(2);
        for (int i = 0; i < 2; i++)
        {
            updates.next().memberId(1000 + i).incarnation(i).state(MemberState.ALIVE).metaVersion(0).fromNode(101)
                .endpoint().ipv4(0x0A000001).port(20_000 + i);
        }
        return FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + ping.encodedLength();
    }

    private static int rumorFrame(final MutableDirectBuffer buffer, final int frameLength)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT).srcNode(101).dstNode(102).sequence(1).flags((short)0);
        final RumorEncoder rumor = new RumorEncoder()
            .wrapAndApplyHeader(buffer, FramePacker.FRAME_HEADER_LENGTH, header)
            .rumorId(42).originNode(101).lamportTime(9).hops((short)1);
        final int payloadLength = frameLength - FramePacker.FRAME_HEADER_LENGTH -
            MessageHeaderEncoder.ENCODED_LENGTH - RumorEncoder.BLOCK_LENGTH - RumorEncoder.payloadHeaderLength();
        final byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++)
        {
            payload[i] = (byte)i;
        }
        rumor.putPayload(payload, 0, payloadLength);
        return FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + rumor.encodedLength();
    }
}
