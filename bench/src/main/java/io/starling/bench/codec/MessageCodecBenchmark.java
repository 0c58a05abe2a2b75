package io.starling.bench.codec;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Encode, decode, and encode then decode of every message kind of the schema, each alone in a frame behind a
 * FrameHeader as on the wire ({@link MessageKind}, sizes in {@link MessageCases}), with the generated SBE
 * flyweights in 64-byte-aligned off-heap buffers. Decoding reads every field, group entry and variable length
 * field (copied into a scratch buffer) into the Blackhole. All state is set up once; nothing allocates per
 * operation. The fork runs with SBE precedence checks off, as the {@code starling} launcher does; Agrona bounds
 * checks stay on (the JVM default).
 * <p>
 * Not final: JMH generates subclasses of benchmark classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dsbe.enable.precedence.checks=false" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MessageCodecBenchmark
{
    private static final int BUFFER_LENGTH_BYTES = 2048;

    /** The message in the frame. */
    @Param
    public MessageKind kind;

    private final BlackholeSink sink = new BlackholeSink();
    private MessageCase messageCase;
    private UnsafeBuffer encodeBuffer;
    private UnsafeBuffer decodeBuffer;
    private UnsafeBuffer roundTripBuffer;

    /** Build the case and encode the frame the decode benchmark reads. */
    @Setup
    public void setup()
    {
        messageCase = MessageCases.create(kind, new MessageSamples());
        encodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH_BYTES, 64));
        decodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH_BYTES, 64));
        roundTripBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH_BYTES, 64));
        final int length = messageCase.encode(decodeBuffer, 0);
        if (length != messageCase.expectedFrameLengthBytes())
        {
            throw new IllegalStateException(kind + " frame is " + length + " bytes, expected " +
                messageCase.expectedFrameLengthBytes());
        }
    }

    /**
     * Encode the frame: FrameHeader then the message.
     *
     * @return the frame length, so the work is not eliminated.
     */
    @Benchmark
    public int encode()
    {
        return messageCase.encode(encodeBuffer, 0);
    }

    /**
     * Decode the frame, reading every field.
     *
     * @param blackhole consumes every value read.
     */
    @Benchmark
    public void decode(final Blackhole blackhole)
    {
        final BlackholeSink sink = this.sink;
        sink.blackhole = blackhole;
        messageCase.decode(decodeBuffer, 0, sink);
    }

    /**
     * Encode the frame, then decode it from the same buffer.
     *
     * @param blackhole consumes every value read.
     */
    @Benchmark
    public void encodeDecode(final Blackhole blackhole)
    {
        final BlackholeSink sink = this.sink;
        sink.blackhole = blackhole;
        messageCase.encode(roundTripBuffer, 0);
        messageCase.decode(roundTripBuffer, 0, sink);
    }

    static final class BlackholeSink implements FieldSink
    {
        Blackhole blackhole;

        public void value(final long value)
        {
            blackhole.consume(value);
        }

        public void bytes(final DirectBuffer buffer, final int offset, final int length)
        {
            blackhole.consume(length);
        }
    }
}
