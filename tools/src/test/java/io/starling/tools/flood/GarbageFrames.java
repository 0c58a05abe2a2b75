package io.starling.tools.flood;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinDecoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.engine.protocol.FramePacker;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hostile Starling payloads for a flood, of six kinds, each with the counter the receiving engine must put it in.
 * <ul>
 *     <li>{@link Kind#RANDOM}: random bytes of random length (1 to the frame budget);</li>
 *     <li>{@link Kind#BIT_FLIP}: a valid frame with one to three random bits flipped anywhere;</li>
 *     <li>{@link Kind#TRUNCATED}: a valid frame cut short at a random length;</li>
 *     <li>{@link Kind#WRONG_CLUSTER}: a valid frame whose cluster id is not the cluster's;</li>
 *     <li>{@link Kind#HUGE_GROUP}: a valid frame whose repeating group claims up to 65,535 entries (or entries longer
 *     than the frame);</li>
 *     <li>{@link Kind#REPLAY}: a valid frame sent again verbatim, over and over.</li>
 * </ul>
 * The valid frames (a pool built once) are what a member of the other process would send the victim: a Ping, an Ack
 * or a Gossip from a real member, carrying true news (members alive at incarnation 0, their real endpoints), followed
 * on the wire by the CRC32C trailer every frame in clear carries (computed here with the JDK's {@link CRC32C}).
 * A sender of another cluster and a sender of a huge group checksum what they send; a link that cuts a frame short or
 * flips its bits does not.
 * <p>
 * {@link #lastOutcome()} says where the receiving engine must account the frame just made, from what the generator did
 * and the wire format alone, not from the engine's {@link FrameValidator} (an oracle that calls the code under test
 * agrees with it by construction): bytes that do not start with a FrameHeader, or too short to hold one and its
 * trailer, and a checksummed group that claims more bytes than the frame holds are {@link Outcome#MALFORMED}; a
 * checksummed frame with another cluster id is {@link Outcome#WRONG_CLUSTER}; a frame whose last four bytes are not
 * the CRC32C of the bytes before them (cut short, or bits flipped anywhere outside the FrameHeader's template and
 * schema ids) is {@link Outcome#BAD_CHECKSUM}; a valid frame sent again (or flipped back to itself) is
 * {@link Outcome#ACCEPTED} (decoded, and then possibly a semantic drop). None of them ever claims a member suspect
 * or dead, so any death the victim declares during a flood is a live member declared dead. The validator is used
 * for one thing only: a bit-flipped frame it would accept (the engine must drop it on its checksum) and that names an
 * endpoint outside {@code endpointAllowed} is replaced by a fresh one, so even an engine that let it through would
 * never send anything off the machine.
 */
public final class GarbageFrames
{
    /** Frames larger than this are never generated: one Aeron frame at the default MTU (1408 - 32). */
    public static final int MAX_FRAME_LENGTH = 1376;
    /** Messages per frame the engine's validator accepts (SwimNode's limit). */
    public static final int MAX_MESSAGES_PER_FRAME = 64;
    private static final int POOL_SIZE = 48;
    private static final int FRAME_HEADER_LENGTH = FramePacker.FRAME_HEADER_LENGTH;
    private static final int GROUP_HEADER_LENGTH = 4;

    /** How a frame was made. */
    public enum Kind
    {
        RANDOM, BIT_FLIP, TRUNCATED, WRONG_CLUSTER, HUGE_GROUP, REPLAY
    }

    /** Where the receiving engine accounts a frame. */
    public enum Outcome
    {
        MALFORMED, WRONG_CLUSTER, BAD_CHECKSUM, ACCEPTED
    }

    /** Bytes of the CRC32C trailer of a frame in clear. */
    public static final int TRAILER_LENGTH = 4;
    /** The FrameHeader's template and schema ids: bytes [2, 6) of every frame. */
    private static final int IDS_OFFSET = 2;
    private static final int IDS_END = 6;

    private final SplittableRandom random;
    private final int clusterId;
    private final int[] victimIds;
    private final int[] memberIds;
    private final int[] memberIpv4;
    private final int[] memberPorts;
    private final IntPredicate endpointAllowed;
    private final List<byte[]> pool = new ArrayList<>();
    private final List<Integer> poolGroupOffsets = new ArrayList<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_FRAME_LENGTH * 2]);
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final PingEncoder ping = new PingEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final GossipEncoder gossip = new GossipEncoder();
    private final FrameValidator validator = new FrameValidator(MAX_MESSAGES_PER_FRAME);
    private final CRC32C crc = new CRC32C();
    private final byte[] wire = new byte[MAX_FRAME_LENGTH];
    private long replacedUnsafe;
    private Outcome lastOutcome;

    /**
     * @param seed            randomness.
     * @param clusterId       the cluster's id.
     * @param victimIds       ids of the nodes the victim process hosts (frames are addressed to them).
     * @param memberIds       ids of members of other processes (the claimed senders).
     * @param memberIpv4      their processes' addresses, host order.
     * @param memberPorts     their processes' ports.
     * @param endpointAllowed which addresses (host order) an accepted frame may name.
     */
    public GarbageFrames(
        final long seed,
        final int clusterId,
        final int[] victimIds,
        final int[] memberIds,
        final int[] memberIpv4,
        final int[] memberPorts,
        final IntPredicate endpointAllowed)
    {
        this.random = new SplittableRandom(seed);
        this.clusterId = clusterId;
        this.victimIds = victimIds.clone();
        this.memberIds = memberIds.clone();
        this.memberIpv4 = memberIpv4.clone();
        this.memberPorts = memberPorts.clone();
        this.endpointAllowed = endpointAllowed;
        for (int i = 0; i < POOL_SIZE; i++)
        {
            pool.add(validFrame(i % 3));
        }
    }

    /**
     * @return mutated frames replaced because, accepted, they would have named an endpoint not allowed.
     */
    public long replacedUnsafe()
    {
        return replacedUnsafe;
    }

    /**
     * Write one frame of the kind into the buffer.
     *
     * @param kind which kind.
     * @param out  at least {@link #MAX_FRAME_LENGTH} bytes.
     * @return its length.
     */
    public int next(final Kind kind, final UnsafeBuffer out)
    {
        while (true)
        {
            final int length = generate(kind, out);
            if (Kind.BIT_FLIP != kind || !acceptedByValidator(out, length - TRAILER_LENGTH) || endpointsAllowed(out))
            {
                return length;
            }
            replacedUnsafe++;
        }
    }

    /**
     * Where the receiving engine must account the frame {@link #next} just made (see the class comment), known from
     * how it was made.
     *
     * @return the outcome.
     */
    public Outcome lastOutcome()
    {
        return lastOutcome;
    }

    /**
     * Only for the endpoint safety filter of bit-flipped frames (not an oracle): would the validator accept the frame
     * without its trailer, so that it must be walked for the endpoints it names?
     */
    private boolean acceptedByValidator(final DirectBuffer buffer, final int length)
    {
        view.wrap(buffer, 0, length);
        return FrameValidator.OK == validator.validate(view, 0, length);
    }

    private int generate(final Kind kind, final UnsafeBuffer out)
    {
        switch (kind)
        {
            case RANDOM:
            {
                final int length = 1 + random.nextInt(MAX_FRAME_LENGTH);
                for (int i = 0; i < length; i++)
                {
                    out.putByte(i, (byte)random.nextInt(256));
                }
                if (length >= 4 && FrameHeaderDecoder.TEMPLATE_ID == out.getShort(2, FrameHeaderEncoder.BYTE_ORDER))
                {
                    // Random bytes that start like a FrameHeader (about 2^-16): make them start like something else.
                    out.putShort(2, (short)(FrameHeaderDecoder.TEMPLATE_ID + 1 + random.nextInt(100)),
                        FrameHeaderEncoder.BYTE_ORDER);
                }
                lastOutcome = Outcome.MALFORMED;
                return length;
            }
            case BIT_FLIP:
            {
                final byte[] base = pool.get(random.nextInt(pool.size()));
                out.putBytes(0, base);
                final int length = withChecksum(out, base.length);
                out.getBytes(0, wire, 0, length);
                final int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++)
                {
                    final int bit = random.nextInt(length * 8);
                    out.putByte(bit >> 3, (byte)(out.getByte(bit >> 3) ^ (1 << (bit & 7))));
                }
                // What the flips did, from the bytes: none left (two flips of one bit), the FrameHeader's ids hit (not
                // a Starling frame any more), or anything else (the trailer no longer matches).
                lastOutcome = Outcome.ACCEPTED;
                for (int i = 0; i < length; i++)
                {
                    if (out.getByte(i) != wire[i])
                    {
                        if (i >= IDS_OFFSET && i < IDS_END)
                        {
                            lastOutcome = Outcome.MALFORMED;
                            break;
                        }
                        lastOutcome = Outcome.BAD_CHECKSUM;
                    }
                }
                return length;
            }
            case TRUNCATED:
            {
                final byte[] base = pool.get(random.nextInt(pool.size()));
                out.putBytes(0, base);
                final int full = withChecksum(out, base.length);
                // A strict prefix of the frame as sent: too short for a FrameHeader and a trailer, or a prefix whose
                // last four bytes are not its checksum (a cut where they happen to be, about 2^-32, is drawn again).
                int length;
                do
                {
                    length = 1 + random.nextInt(full - 1);
                }
                while (length >= FRAME_HEADER_LENGTH + TRAILER_LENGTH && checksumMatches(out, length));
                lastOutcome = length < FRAME_HEADER_LENGTH + TRAILER_LENGTH ? Outcome.MALFORMED : Outcome.BAD_CHECKSUM;
                return length;
            }
            case WRONG_CLUSTER:
            {
                final byte[] base = pool.get(random.nextInt(pool.size()));
                out.putBytes(0, base);
                int other = random.nextInt();
                if (other == clusterId)
                {
                    other = ~clusterId;
                }
                out.putInt(MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.clusterIdEncodingOffset(), other,
                    FrameHeaderEncoder.BYTE_ORDER);
                lastOutcome = Outcome.WRONG_CLUSTER;
                return withChecksum(out, base.length);
            }
            case HUGE_GROUP:
            {
                final int index = random.nextInt(pool.size());
                final byte[] base = pool.get(index);
                out.putBytes(0, base);
                final int group = poolGroupOffsets.get(index);
                if (random.nextBoolean())
                {
                    out.putShort(group + 2, (short)(0x8000 + random.nextInt(0x8000)), FrameHeaderEncoder.BYTE_ORDER);
                }
                else
                {
                    out.putShort(group, (short)(MAX_FRAME_LENGTH + random.nextInt(0x10000 - MAX_FRAME_LENGTH)),
                        FrameHeaderEncoder.BYTE_ORDER);
                    out.putShort(group + 2, (short)(1 + random.nextInt(8)), FrameHeaderEncoder.BYTE_ORDER);
                }
                lastOutcome = Outcome.MALFORMED;
                return withChecksum(out, base.length);
            }
            case REPLAY:
            {
                final byte[] base = pool.get(random.nextInt(pool.size()));
                out.putBytes(0, base);
                lastOutcome = Outcome.ACCEPTED;
                return withChecksum(out, base.length);
            }
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    /**
     * Append the CRC32C of {@code [0, length)} as a sender does.
     *
     * @return the length on the wire.
     */
    private int withChecksum(final UnsafeBuffer out, final int length)
    {
        out.getBytes(0, wire, 0, length);
        crc.reset();
        crc.update(wire, 0, length);
        out.putInt(length, (int)crc.getValue(), java.nio.ByteOrder.LITTLE_ENDIAN);
        return length + TRAILER_LENGTH;
    }

    private boolean checksumMatches(final UnsafeBuffer out, final int length)
    {
        out.getBytes(0, wire, 0, length - TRAILER_LENGTH);
        crc.reset();
        crc.update(wire, 0, length - TRAILER_LENGTH);
        return (int)crc.getValue() == out.getInt(length - TRAILER_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A valid single-message frame from a real member to a victim node, carrying true news.
     */
    private byte[] validFrame(final int type)
    {
        final int m = random.nextInt(memberIds.length);
        final int src = memberIds[m];
        final int dst = victimIds[random.nextInt(victimIds.length)];
        frameHeaderEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder)
            .clusterId(clusterId).srcNode(src).dstNode(dst).sequence(random.nextLong(1, Long.MAX_VALUE))
            .flags((short)0);
        final int position = FRAME_HEADER_LENGTH;
        final int body = position + MessageHeaderEncoder.ENCODED_LENGTH;
        final int groupOffset;
        final int end;
        switch (type)
        {
            case 0:
            {
                ping.wrapAndApplyHeader(scratch, position, headerEncoder).seq(random.nextInt(1 << 20)).targetNode(dst);
                ping.sourceEndpoint().ipv4(memberIpv4[m]).port(memberPorts[m]);
                groupOffset = body + PingEncoder.BLOCK_LENGTH;
                final int n = 1 + random.nextInt(3);
                final PingEncoder.UpdatesEncoder u = ping.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int k = random.nextInt(memberIds.length);
                    u.next().memberId(memberIds[k]).incarnation(0).state(MemberState.ALIVE).metaVersion(0)
                        .fromNode(src).endpoint().ipv4(memberIpv4[k]).port(memberPorts[k]);
                }
                end = body + ping.encodedLength();
                break;
            }
            case 1:
            {
                ack.wrapAndApplyHeader(scratch, position, headerEncoder).seq(random.nextInt(1 << 20)).targetNode(src);
                groupOffset = body + AckEncoder.BLOCK_LENGTH;
                final int n = 1 + random.nextInt(3);
                final AckEncoder.UpdatesEncoder u = ack.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int k = random.nextInt(memberIds.length);
                    u.next().memberId(memberIds[k]).incarnation(0).state(MemberState.ALIVE).metaVersion(0)
                        .fromNode(src).endpoint().ipv4(memberIpv4[k]).port(memberPorts[k]);
                }
                ack.putPayload(new byte[0], 0, 0);
                end = body + ack.encodedLength();
                break;
            }
            default:
            {
                gossip.wrapAndApplyHeader(scratch, position, headerEncoder);
                groupOffset = body + GossipEncoder.BLOCK_LENGTH;
                final int n = 1 + random.nextInt(6);
                final GossipEncoder.UpdatesEncoder u = gossip.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int k = random.nextInt(memberIds.length);
                    u.next().memberId(memberIds[k]).incarnation(0).state(MemberState.ALIVE).metaVersion(0)
                        .fromNode(src).endpoint().ipv4(memberIpv4[k]).port(memberPorts[k]);
                }
                end = body + gossip.encodedLength();
                break;
            }
        }
        final byte[] frame = new byte[end];
        scratch.getBytes(0, frame);
        poolGroupOffsets.add(groupOffset);
        return frame;
    }

    /**
     * Every endpoint an accepted frame names (the validator has just walked it) must be allowed; frames with a
     * template whose endpoints this does not walk (push-pull) count as not allowed.
     */
    private boolean endpointsAllowed(final DirectBuffer buffer)
    {
        for (int i = 0, n = validator.messageCount(); i < n; i++)
        {
            final int header = validator.messageOffset(i);
            final int body = header + MessageHeaderDecoder.ENCODED_LENGTH;
            final int block = validator.actingBlockLength(i);
            switch (validator.templateId(i))
            {
                case PingDecoder.TEMPLATE_ID:
                    if (!allowed(buffer, body + PingDecoder.sourceEndpointEncodingOffset()) ||
                        !groupAllowed(buffer, body + block, PingDecoder.UpdatesDecoder.endpointEncodingOffset()))
                    {
                        return false;
                    }
                    break;
                case io.starling.codecs.AckDecoder.TEMPLATE_ID:
                    if (!groupAllowed(buffer, body + block,
                        io.starling.codecs.AckDecoder.UpdatesDecoder.endpointEncodingOffset()))
                    {
                        return false;
                    }
                    break;
                case PingReqDecoder.TEMPLATE_ID:
                    if (!allowed(buffer, body + PingReqDecoder.targetEndpointEncodingOffset()) ||
                        !groupAllowed(buffer, body + block, PingReqDecoder.UpdatesDecoder.endpointEncodingOffset()))
                    {
                        return false;
                    }
                    break;
                case io.starling.codecs.GossipDecoder.TEMPLATE_ID:
                    if (!groupAllowed(buffer, body + block,
                        io.starling.codecs.GossipDecoder.UpdatesDecoder.endpointEncodingOffset()))
                    {
                        return false;
                    }
                    break;
                case JoinDecoder.TEMPLATE_ID:
                    if (!allowed(buffer, body + JoinDecoder.endpointEncodingOffset()))
                    {
                        return false;
                    }
                    break;
                case io.starling.codecs.PushPullChunkDecoder.TEMPLATE_ID:
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    private boolean groupAllowed(final DirectBuffer buffer, final int group, final int endpointOffset)
    {
        final int entryLength = buffer.getShort(group, FrameHeaderEncoder.BYTE_ORDER) & 0xFFFF;
        final int count = buffer.getShort(group + 2, FrameHeaderEncoder.BYTE_ORDER) & 0xFFFF;
        for (int k = 0; k < count; k++)
        {
            if (!allowed(buffer, group + GROUP_HEADER_LENGTH + k * entryLength + endpointOffset))
            {
                return false;
            }
        }
        return true;
    }

    private boolean allowed(final DirectBuffer buffer, final int endpointOffset)
    {
        return endpointAllowed.test(buffer.getInt(endpointOffset, FrameHeaderEncoder.BYTE_ORDER));
    }
}
