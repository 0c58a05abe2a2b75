package io.starling.bench.security;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.InboundFrameOpener;
import io.starling.engine.security.Keyring;
import io.starling.engine.security.SealingFrameSink;
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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seal and open of one frame with AES-128-GCM through {@link FrameCipher}, as a host would: frames in clear come
 * from a direct (off-heap) buffer like the FramePacker's, sealed frames arrive in a direct buffer like an Aeron
 * term buffer, results land in the cipher's own buffers.
 * <ul>
 *     <li>{@code frame = ping}: a Ping with two piggybacked updates, 97 bytes in clear, 126 sealed.</li>
 *     <li>{@code frame = full}: a frame filling the sealed transport budget, 1,347 bytes in clear, 1,376 sealed.</li>
 * </ul>
 * {@code open} runs without the replay window (the same frame is opened again and again); {@code sealThenOpen} is
 * the full round trip with the replay window on. {@code sinkSeal} and {@code inboundOpen} are the host's own steps
 * ({@link SealingFrameSink}, {@link InboundFrameOpener}); {@code jdkSeal} and {@code jdkOpen} are the bare JDK calls
 * any AES-GCM frame needs (a new {@link GCMParameterSpec}, {@code init}, {@code updateAAD}, {@code doFinal} on the
 * same bytes), the baseline the allocation test holds the host's steps to. Run with {@code -prof gc} for the bytes
 * allocated per operation.
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
    private SealingFrameSink sink;
    private InboundFrameOpener inbound;
    private int handled;
    private final SecretKeySpec jdkKey = new SecretKeySpec(KEY, "AES");
    private Cipher jdkSealCipher;
    private Cipher jdkOpenCipher;
    private byte[] jdkPlain;
    private byte[] jdkSealed;
    private final byte[] jdkOut = new byte[2 * TRANSPORT_BUDGET_BYTES];
    private final byte[] jdkNonce = new byte[FrameCipher.NONCE_LENGTH];
    private long jdkCounter;
    private java.nio.ByteBuffer directIn;
    private java.nio.ByteBuffer directAad;
    private java.nio.ByteBuffer directOut;

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

        sink = new SealingFrameSink(sealer, (src, dstNode, ipv4, port, buffer, offset, length) -> handled += length);
        inbound = new InboundFrameOpener(opener, new io.starling.engine.transport.FrameChecksum(TRANSPORT_BUDGET_BYTES, null),
            (id, delta) -> { }, (buffer, offset, length) -> handled += length);
        try
        {
            jdkSealCipher = Cipher.getInstance("AES/GCM/NoPadding");
            jdkOpenCipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        jdkPlain = new byte[plainLength];
        plain.getBytes(0, jdkPlain);
        jdkSealed = new byte[sealedLength];
        sealed.getBytes(0, jdkSealed);
        directIn = java.nio.ByteBuffer.allocateDirect(plainLength);
        directIn.put(jdkPlain).flip();
        directAad = java.nio.ByteBuffer.allocateDirect(sealedLength);
        directAad.put(jdkSealed).flip();
        directOut = java.nio.ByteBuffer.allocateDirect(2 * TRANSPORT_BUDGET_BYTES);
    }

    /**
     * The JDK calls with direct ByteBuffers in and out (the Aeron way), for comparison: in JDK 17 SunJCE copies
     * direct buffers through heap arrays, so this allocates more than the array calls, not less.
     */
    @Benchmark
    public int jdkSealDirect() throws java.security.GeneralSecurityException
    {
        final int clear = FramePacker.FRAME_HEADER_LENGTH + FrameCipher.KEY_ID_LENGTH + FrameCipher.NONCE_LENGTH;
        jdkCounter++;
        jdkNonce[4] = (byte)jdkCounter;
        jdkNonce[5] = (byte)(jdkCounter >>> 8);
        jdkNonce[6] = (byte)(jdkCounter >>> 16);
        jdkSealCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, jdkNonce, 0, jdkNonce.length));
        directAad.clear().limit(clear);
        jdkSealCipher.updateAAD(directAad);
        directIn.clear().position(FramePacker.FRAME_HEADER_LENGTH);
        directOut.clear();
        return jdkSealCipher.doFinal(directIn, directOut);
    }

    @Benchmark
    public int sinkSeal()
    {
        sink.onFrame(0, 102, 0x7F00_0001, 7946, plain, 0, plainLength);
        return handled;
    }

    @Benchmark
    public int inboundOpen()
    {
        inbound.onFrame(sealed, 0, sealedLength);
        return handled;
    }

    @Benchmark
    public int jdkSeal() throws java.security.GeneralSecurityException
    {
        final int clear = FramePacker.FRAME_HEADER_LENGTH + FrameCipher.KEY_ID_LENGTH + FrameCipher.NONCE_LENGTH;
        jdkCounter++;
        jdkNonce[4] = (byte)jdkCounter;
        jdkNonce[5] = (byte)(jdkCounter >>> 8);
        jdkNonce[6] = (byte)(jdkCounter >>> 16);
        jdkSealCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, jdkNonce, 0, jdkNonce.length));
        jdkSealCipher.updateAAD(jdkSealed, 0, clear); // the same clear prefix a sealed frame authenticates
        return jdkSealCipher.doFinal(jdkPlain, FramePacker.FRAME_HEADER_LENGTH,
            plainLength - FramePacker.FRAME_HEADER_LENGTH, jdkOut, clear);
    }

    @Benchmark
    public int jdkOpen() throws java.security.GeneralSecurityException
    {
        final int clear = FramePacker.FRAME_HEADER_LENGTH + FrameCipher.KEY_ID_LENGTH + FrameCipher.NONCE_LENGTH;
        jdkOpenCipher.init(Cipher.DECRYPT_MODE, jdkKey, new GCMParameterSpec(128, jdkSealed,
            FramePacker.FRAME_HEADER_LENGTH + FrameCipher.KEY_ID_LENGTH, FrameCipher.NONCE_LENGTH));
        jdkOpenCipher.updateAAD(jdkSealed, 0, clear);
        return jdkOpenCipher.doFinal(jdkSealed, clear, sealedLength - clear, jdkOut, 0);
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
