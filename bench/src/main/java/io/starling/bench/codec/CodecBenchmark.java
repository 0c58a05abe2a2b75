package io.starling.bench.codec;

import io.starling.codecs.EndpointDecoder;
import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of the hottest frame on the wire: a FrameHeader followed by a Ping carrying 6 piggybacked
 * membership updates, in an off-heap buffer, with the generated SBE flyweights. Decoding reads every field of the
 * frame header, the Ping and every update, each consumed by the Blackhole. {@code validate} and
 * {@code validateAndDecode} add the {@link FrameValidator} walk the receive path runs before decoding. All state is
 * set up once; nothing allocates per operation.
 * <p>
 * Not final: JMH generates subclasses of benchmark classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark
{
    /** Piggybacked updates in the Ping, as in a SWIM probe under churn. */
    public static final int UPDATES = 6;

    private static final int BUFFER_LENGTH = 2048;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final FrameValidator validator = new FrameValidator(64);

    private final int[] memberIds = new int[UPDATES];
    private final int[] incarnations = new int[UPDATES];
    private final MemberState[] states = new MemberState[UPDATES];
    private final int[] metaVersions = new int[UPDATES];
    private final int[] fromNodes = new int[UPDATES];
    private final int[] ipv4s = new int[UPDATES];
    private final int[] ports = new int[UPDATES];

    private UnsafeBuffer encodeBuffer;
    private UnsafeBuffer decodeBuffer;
    private UnsafeBuffer roundTripBuffer;
    private int frameLength;
    private int seq;

    /** Fill the update values and encode the frame the decode benchmarks read. */
    @Setup
    public void setup()
    {
        encodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH, 64));
        decodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH, 64));
        roundTripBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH, 64));

        final MemberState[] cycle = { MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT };
        for (int i = 0; i < UPDATES; i++)
        {
            memberIds[i] = 1_000 + i * 17;
            incarnations[i] = 3 + i;
            states[i] = cycle[i % cycle.length];
            metaVersions[i] = i;
            fromNodes[i] = 2_000 + i;
            ipv4s[i] = 0x0A00_0000 | (i + 1);
            ports[i] = 7_946 + i;
        }

        frameLength = encodeFrame(decodeBuffer);
        if (FrameValidator.OK != validator.validate(decodeBuffer, 0, frameLength))
        {
            throw new IllegalStateException("benchmark frame does not validate");
        }
    }

    /**
     * Encode the frame: FrameHeader then the Ping with its updates.
     *
     * @return the frame length, so the work is not eliminated.
     */
    @Benchmark
    public int encode()
    {
        return encodeFrame(encodeBuffer);
    }

    /**
     * Decode the frame, reading every field.
     *
     * @param blackhole consumes every field read.
     */
    @Benchmark
    public void decode(final Blackhole blackhole)
    {
        decodeFrame(decodeBuffer, 0, blackhole);
    }

    /**
     * Encode the frame, then decode it from the same buffer.
     *
     * @param blackhole consumes every field read.
     */
    @Benchmark
    public void encodeDecode(final Blackhole blackhole)
    {
        encodeFrame(roundTripBuffer);
        decodeFrame(roundTripBuffer, 0, blackhole);
    }

    /**
     * Structural validation of the frame alone.
     *
     * @return the reason, OK.
     */
    @Benchmark
    public int validate()
    {
        return validator.validate(decodeBuffer, 0, frameLength);
    }

    /**
     * The receive path: validate the frame, then decode every message where the validator says it is.
     *
     * @param blackhole consumes every field read.
     */
    @Benchmark
    public void validateAndDecode(final Blackhole blackhole)
    {
        final FrameValidator validator = this.validator;
        if (FrameValidator.OK == validator.validate(decodeBuffer, 0, frameLength))
        {
            blackhole.consume(validator.clusterId());
            blackhole.consume(validator.srcNode());
            blackhole.consume(validator.dstNode());
            blackhole.consume(validator.sequence());
            blackhole.consume(validator.flags());
            for (int i = 0, count = validator.messageCount(); i < count; i++)
            {
                if (PingDecoder.TEMPLATE_ID != validator.templateId(i))
                {
                    continue;
                }
                decodePing(
                    decodeBuffer,
                    validator.messageOffset(i) + MessageHeaderDecoder.ENCODED_LENGTH,
                    validator.actingBlockLength(i),
                    validator.actingVersion(i),
                    blackhole);
            }
        }
    }

    private int encodeFrame(final UnsafeBuffer buffer)
    {
        frameHeaderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clusterId(42)
            .srcNode(7)
            .dstNode(9)
            .sequence(++seq)
            .flags((short)0);
        final int pingOffset = MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.BLOCK_LENGTH;

        final PingEncoder ping = pingEncoder.wrapAndApplyHeader(buffer, pingOffset, headerEncoder)
            .seq(seq)
            .targetNode(9);
        ping.sourceEndpoint().ipv4(0x0A00_0007).port(7_946);
        final PingEncoder.UpdatesEncoder updates = ping.updatesCount(UPDATES);
        for (int i = 0; i < UPDATES; i++)
        {
            updates.next()
                .memberId(memberIds[i])
                .incarnation(incarnations[i])
                .state(states[i])
                .metaVersion(metaVersions[i])
                .fromNode(fromNodes[i])
                .endpoint().ipv4(ipv4s[i]).port(ports[i]);
        }

        return pingOffset + MessageHeaderEncoder.ENCODED_LENGTH + ping.encodedLength();
    }

    private void decodeFrame(final UnsafeBuffer buffer, final int offset, final Blackhole blackhole)
    {
        final MessageHeaderDecoder header = headerDecoder.wrap(buffer, offset);
        final int frameBlockLength = header.blockLength();
        final FrameHeaderDecoder frameHeader = frameHeaderDecoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, frameBlockLength, header.version());
        blackhole.consume(frameHeader.clusterId());
        blackhole.consume(frameHeader.srcNode());
        blackhole.consume(frameHeader.dstNode());
        blackhole.consume(frameHeader.sequence());
        blackhole.consume(frameHeader.flags());

        final int pingOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH + frameBlockLength;
        headerDecoder.wrap(buffer, pingOffset);
        if (PingDecoder.TEMPLATE_ID == header.templateId())
        {
            decodePing(
                buffer,
                pingOffset + MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version(),
                blackhole);
        }
    }

    private void decodePing(
        final UnsafeBuffer buffer,
        final int offset,
        final int actingBlockLength,
        final int actingVersion,
        final Blackhole blackhole)
    {
        final PingDecoder ping = pingDecoder.wrap(buffer, offset, actingBlockLength, actingVersion);
        blackhole.consume(ping.seq());
        blackhole.consume(ping.targetNode());
        final EndpointDecoder sourceEndpoint = ping.sourceEndpoint();
        blackhole.consume(sourceEndpoint.ipv4());
        blackhole.consume(sourceEndpoint.port());

        final PingDecoder.UpdatesDecoder updates = ping.updates();
        while (updates.hasNext())
        {
            updates.next();
            blackhole.consume(updates.memberId());
            blackhole.consume(updates.incarnation());
            blackhole.consume(updates.state());
            blackhole.consume(updates.metaVersion());
            blackhole.consume(updates.fromNode());
            final EndpointDecoder endpoint = updates.endpoint();
            blackhole.consume(endpoint.ipv4());
            blackhole.consume(endpoint.port());
        }
    }
}
