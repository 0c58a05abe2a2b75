package io.starling.engine.fuzz;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.SecurityDrops;
import io.starling.engine.security.Keyring;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input, deliberately, with counts: each category is run through the frame decoder target
 * ({@link FrameDecoding}: validator, full decode, open step) and through a victim SwimNode ({@link VictimCluster},
 * which checks no exception escapes, no state changes on a drop and counters account for every frame). Each test
 * prints a "CATALOGUE" line with its counts, the figures in docs/hostile-input.md.
 */
class HostileInputCatalogueTest
{
    private static final int H = FramePacker.FRAME_HEADER_LENGTH;
    private static final int M = MessageHeaderEncoder.ENCODED_LENGTH;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    /** One valid frame per template 2..15, from the structured generator with a fixed seed. */
    static List<byte[]> validFrames()
    {
        final FrameGenerator generator = new FrameGenerator(
            VictimCluster.CLUSTER_ID, VictimCluster.VICTIM_ID, VictimCluster.MEMBER_IDS);
        final Entropy entropy = Entropy.of(new SplittableRandom(42));
        final FrameValidator validator = new FrameValidator(64);
        final byte[][] byTemplate = new byte[16][];
        int found = 0;
        for (int i = 0; i < 100_000 && found < 14; i++)
        {
            final byte[] frame = generator.generate(entropy);
            if (FrameValidator.OK == validator.validate(new UnsafeBuffer(frame), 0, frame.length) &&
                VictimCluster.CLUSTER_ID == validator.clusterId())
            {
                final int template = validator.templateId(0);
                if (template >= 2 && template <= 15 && null == byTemplate[template] && frame.length <= 1376)
                {
                    byTemplate[template] = frame;
                    found++;
                }
            }
        }
        final List<byte[]> frames = new ArrayList<>();
        for (int t = 2; t <= 15; t++)
        {
            assertTrue(null != byTemplate[t], "no valid frame for template " + t);
            frames.add(byTemplate[t]);
        }
        return frames;
    }

    private static void print(final String category, final long inputs, final FrameDecoding decoding,
        final VictimCluster.Tally tally)
    {
        final StringBuilder b = new StringBuilder("CATALOGUE ").append(category).append(" inputs=").append(inputs);
        if (null != decoding)
        {
            b.append(" validator={");
            for (int r = 0; r < FrameValidator.REASON_COUNT; r++)
            {
                if (decoding.validatorOutcomes[r] > 0)
                {
                    b.append(FrameValidator.reasonName(r)).append('=').append(decoding.validatorOutcomes[r]).append(' ');
                }
            }
            b.append("} open={");
            for (int r = 0; r < FrameCipher.REASON_COUNT; r++)
            {
                if (decoding.cipherOutcomes[r] > 0)
                {
                    b.append(0 == r ? "OPENED" : FrameCipher.reasonName(r)).append('=')
                        .append(decoding.cipherOutcomes[r]).append(' ');
                }
            }
            b.append('}');
        }
        if (null != tally)
        {
            b.append(" node={").append(tally.describe()).append('}');
        }
        System.out.println(b);
    }

    private static void accounted(final VictimCluster.Tally tally)
    {
        assertEquals(tally.frames, tally.dropMalformed + tally.dropWrongCluster + tally.dropUnknownDestination +
            tally.delivered, "every frame fed to the node is accounted for");
    }

    @Test
    void truncatedAtEveryLength()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final FrameValidator validator = new FrameValidator(64);
        long inputs = 0;
        long boundaries = 0;
        for (final byte[] frame : validFrames())
        {
            validator.validate(new UnsafeBuffer(frame), 0, frame.length);
            final boolean[] boundary = new boolean[frame.length + 1];
            for (int i = 1; i < validator.messageCount(); i++)
            {
                boundary[validator.messageOffset(i)] = true;
            }
            for (int cut = 0; cut < frame.length; cut++)
            {
                final byte[] truncated = Arrays.copyOf(frame, cut);
                decoding.run(truncated);
                cluster.feed(truncated, false, 0);
                inputs++;
                boundaries += boundary[cut] ? 1 : 0;
            }
        }
        print("truncated", inputs, decoding, tally);
        assertEquals(boundaries, decoding.validatorOutcomes[FrameValidator.OK],
            "only cuts between whole messages are accepted");
        assertEquals(inputs, tally.frames);
        accounted(tally);
    }

    @Test
    void wrongSchemaIdInAnyMessageHeader()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final int[] schemaIds = {0, 1, 21_331, 21_333, 0x7FFF, 0xFFFF};
        long inputs = 0;
        for (final byte[] frame : validFrames())
        {
            for (final int at : new int[]{0, H})
            {
                for (final int schemaId : schemaIds)
                {
                    final byte[] bad = frame.clone();
                    putShort(bad, at + 4, schemaId);
                    decoding.run(bad);
                    cluster.feed(bad, false, 0);
                    inputs++;
                }
            }
        }
        print("wrong-schema-id", inputs, decoding, tally);
        assertEquals(inputs, decoding.validatorOutcomes[FrameValidator.WRONG_SCHEMA]);
        assertEquals(inputs, tally.dropMalformed);
        accounted(tally);
    }

    @Test
    void newerSchemaVersionsAndLongerBlocksAreAcceptedShorterBlocksAreNot()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        long versions = 0;
        long longer = 0;
        long shorter = 0;
        for (final byte[] frame : validFrames())
        {
            for (final int version : new int[]{1, 2, 7, 255, 0xFFFF})
            {
                final byte[] bad = frame.clone();
                putShort(bad, H + 6, version);
                decoding.run(bad);
                cluster.feed(bad, false, 0);
                versions++;
            }
            final int blockLength = getShort(frame, H);
            for (int extra = 1; extra <= 8; extra++)
            {
                // A newer schema appended fields: insert zero bytes after the block and say so.
                final byte[] bigger = new byte[frame.length + extra];
                System.arraycopy(frame, 0, bigger, 0, H + M + blockLength);
                System.arraycopy(frame, H + M + blockLength, bigger, H + M + blockLength + extra,
                    frame.length - H - M - blockLength);
                putShort(bigger, H, blockLength + extra);
                decoding.run(bigger);
                cluster.feed(bigger, false, 0);
                longer++;
            }
            if (blockLength > 0)
            {
                final byte[] smaller = frame.clone();
                putShort(smaller, H, blockLength - 1);
                decoding.run(smaller);
                cluster.feed(smaller, false, 0);
                shorter++;
            }
        }
        print("schema-version-and-block-length", versions + longer + shorter, decoding, tally);
        assertEquals(versions + longer, decoding.validatorOutcomes[FrameValidator.OK]);
        assertEquals(shorter, decoding.validatorOutcomes[FrameValidator.BAD_BLOCK_LENGTH]);
        accounted(tally);
    }

    @Test
    void unknownTemplatesAndFrameHeadersOutOfPlace()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final byte[] frame = validFrames().get(2);
        long unknown = 0;
        for (int template = 0; template <= 0xFFFF; template++)
        {
            if (template >= 1 && template <= 16)
            {
                continue;
            }
            final byte[] bad = frame.clone();
            putShort(bad, H + 2, template);
            decoding.run(bad);
            if (0 == template % 1_000)
            {
                cluster.feed(bad, false, 0);
            }
            unknown++;
        }
        final byte[] headerAgain = frame.clone();
        putShort(headerAgain, H + 2, 1);
        decoding.run(headerAgain);
        cluster.feed(headerAgain, false, 0);
        final byte[] noHeader = Arrays.copyOfRange(frame, H, frame.length);
        decoding.run(noHeader);
        cluster.feed(noHeader, false, 0);
        final byte[] headerOnly = Arrays.copyOf(frame, H);
        decoding.run(headerOnly);
        cluster.feed(headerOnly, false, 0);
        print("unknown-template", unknown + 3, decoding, tally);
        assertEquals(unknown, decoding.validatorOutcomes[FrameValidator.UNKNOWN_TEMPLATE]);
        assertEquals(2, decoding.validatorOutcomes[FrameValidator.NOT_A_FRAME]);
        assertEquals(1, decoding.validatorOutcomes[FrameValidator.EMPTY_FRAME]);
        assertEquals(tally.frames, tally.dropMalformed);
    }

    @Test
    void groupCountsAndBlockLengthsPastTheBuffer()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final byte[] gossip = gossipFrame(3);
        final int groupHeader = H + M + GossipEncoder.BLOCK_LENGTH;
        long inputs = 0;
        for (int count = 4; count <= 0xFFFF; count++)
        {
            final byte[] bad = gossip.clone();
            putShort(bad, groupHeader + 2, count);
            decoding.run(bad);
            if (count < 64 || 0 == count % 1_000)
            {
                cluster.feed(bad, false, 0);
            }
            inputs++;
        }
        for (int blockLength = 0; blockLength < GossipEncoder.UpdatesEncoder.sbeBlockLength(); blockLength++)
        {
            final byte[] bad = gossip.clone();
            putShort(bad, groupHeader, blockLength);
            decoding.run(bad);
            cluster.feed(bad, false, 0);
            inputs++;
        }
        final byte[] nested = keyValueFrame();
        final int clockHeader = H + M + KeyValueBatchEncoder.BLOCK_LENGTH + 4 +
            KeyValueBatchEncoder.EntriesEncoder.sbeBlockLength();
        for (int count = 3; count <= 0xFFFF; count += 7)
        {
            final byte[] bad = nested.clone();
            putShort(bad, clockHeader + 2, count);
            decoding.run(bad);
            inputs++;
        }
        for (final int count : new int[]{2, 3, 100, 0xFFFF})
        {
            final byte[] bad = nested.clone();
            putShort(bad, H + M + KeyValueBatchEncoder.BLOCK_LENGTH + 2, count);
            decoding.run(bad);
            inputs++;
        }
        print("group-count-or-block-length", inputs, decoding, tally);
        assertEquals(inputs, decoding.validatorOutcomes[FrameValidator.GROUP_OVERFLOW] +
            decoding.validatorOutcomes[FrameValidator.TRUNCATED] +
            decoding.validatorOutcomes[FrameValidator.VAR_DATA_OVERFLOW]);
        assertEquals(tally.frames, tally.dropMalformed);
    }

    @Test
    void varDataLengthsPastTheBuffer()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final byte[] join = joinFrame(new byte[10]);
        final int lengthAt = H + M + JoinEncoder.BLOCK_LENGTH;
        long inputs = 0;
        for (int length = 11; length <= 0xFFFF; length++)
        {
            final byte[] bad = join.clone();
            putShort(bad, lengthAt, length);
            decoding.run(bad);
            if (length < 64 || 0 == length % 1_000)
            {
                cluster.feed(bad, false, 0);
            }
            inputs++;
        }
        print("var-data-length", inputs, decoding, tally);
        assertEquals(inputs, decoding.validatorOutcomes[FrameValidator.VAR_DATA_OVERFLOW]);
        assertEquals(tally.frames, tally.dropMalformed);
    }

    @Test
    void absurdValuesInWellFormedFrames()
    {
        final FrameDecoding decoding = new FrameDecoding();
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final int[] ids = {Integer.MIN_VALUE, -1, 0, VictimCluster.VICTIM_ID, 100, 5_000, Integer.MAX_VALUE};
        final int[] incarnations = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        long inputs = 0;
        final long semanticBefore = cluster.counter(ProtocolCounters.DROP_SEMANTIC);
        for (final int id : ids)
        {
            for (final int incarnation : incarnations)
            {
                for (final int state : new int[]{0, 1, 2, 3, 4, 17, 128, 255})
                {
                    final byte[] frame = pingFrame(id, incarnation, (byte)state, 0 == state % 2 ? 0 : 0xFFFF);
                    decoding.run(frame);
                    cluster.feed(frame, false, 0);
                    inputs++;
                }
            }
        }
        for (final int booleanRaw : new int[]{2, 3, 127, 128, 254})
        {
            final byte[] frame = pushPullFrame((byte)booleanRaw, 700);
            decoding.run(frame);
            cluster.feed(frame, false, 0);
            inputs++;
        }
        for (final int metadataLength : new int[]{0, 512, 513, 1_000})
        {
            final byte[] frame = joinFrame(new byte[metadataLength]);
            decoding.run(frame);
            cluster.feed(frame, false, 0);
            inputs++;
        }
        final byte[] sixtyFour = nacks(64);
        final byte[] sixtyFive = nacks(65);
        decoding.run(sixtyFour);
        decoding.run(sixtyFive);
        cluster.feed(sixtyFour, false, 0);
        cluster.feed(sixtyFive, false, 0);
        inputs += 2;
        cluster.feed(new byte[0], false, 4);
        inputs++;
        print("absurd-values", inputs, decoding, tally);
        System.out.println("CATALOGUE absurd-values dropSemantic=" +
            (cluster.counter(ProtocolCounters.DROP_SEMANTIC) - semanticBefore) +
            " victimIncarnation=" + cluster.victim().incarnation() + " victimLive=" +
            cluster.victim().liveMemberCount());
        assertEquals(1, decoding.validatorOutcomes[FrameValidator.TOO_MANY_MESSAGES]);
        assertTrue(tally.delivered > 0);
        accounted(tally);
    }

    @Test
    void duplicatedFramesAreIdempotent()
    {
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final VictimCluster cluster = new VictimCluster(tally);
        final byte[] gossip = gossipFrame(3);
        cluster.feed(gossip, false, 0);
        final long staleBefore = cluster.counter(ProtocolCounters.UPDATES_STALE);
        final long[] words = tableWords(cluster);
        for (int i = 0; i < 100; i++)
        {
            cluster.feed(gossip, false, 0);
        }
        assertArrayEquals(words, tableWords(cluster), "duplicates change nothing");
        assertEquals(staleBefore + 300, cluster.counter(ProtocolCounters.UPDATES_STALE));
        print("duplicated-plain-frame", 101, null, tally);
    }

    @Test
    void replayedTamperedAndForeignSealedFrames()
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, new byte[16]);
        keyring.usePrimary(1);
        final long[] counters = new long[EngineCounters.SINK_COUNT];
        final FrameCipher sender = new FrameCipher(new FrameCipher.Context().keyring(keyring));
        final FrameCipher receiver = new FrameCipher(new FrameCipher.Context().keyring(keyring)
            .counters((id, delta) -> counters[id] += delta));
        final FrameCipher foreign = new FrameCipher(new FrameCipher.Context().keyring(keyring).clusterId(9));
        long replayed = 0;
        long tampered = 0;
        long wrongCluster = 0;
        for (final byte[] original : validFrames())
        {
            final byte[] frame = original.clone();
            frame[M + 20] = 0;
            final int sealedLength = sender.seal(new UnsafeBuffer(frame), 0, frame.length);
            final byte[] sealed = Arrays.copyOf(sender.sealedBuffer().byteArray(), sealedLength);
            final byte[] flipped = sealed.clone();
            flipped[sealedLength - 1] ^= 1;
            assertEquals(-FrameCipher.BAD_TAG, receiver.open(new UnsafeBuffer(flipped), 0, sealedLength));
            tampered++;
            assertEquals(frame.length, receiver.open(new UnsafeBuffer(sealed), 0, sealedLength));
            for (int i = 0; i < 10; i++)
            {
                assertEquals(-FrameCipher.REPLAYED, receiver.open(new UnsafeBuffer(sealed), 0, sealedLength));
                replayed++;
            }
            final byte[] other = frame.clone();
            other[M] = 9;
            other[M + 1] = 0;
            other[M + 2] = 0;
            other[M + 3] = 0;
            final int foreignLength = foreign.seal(new UnsafeBuffer(other), 0, other.length);
            assertEquals(-FrameCipher.WRONG_CLUSTER, receiver.open(foreign.sealedBuffer(), 0, foreignLength));
            wrongCluster++;
        }
        System.out.println("CATALOGUE sealed replayed=" + replayed + " tampered=" + tampered + " wrongCluster=" +
            wrongCluster + " securityDrops=" + SecurityDrops.total(counters) +
            " dropWrongCluster=" + counters[ProtocolCounters.DROP_WRONG_CLUSTER]);
        assertEquals(replayed + tampered, SecurityDrops.total(counters));
        assertEquals(wrongCluster, counters[ProtocolCounters.DROP_WRONG_CLUSTER]);
    }

    private static long[] tableWords(final VictimCluster cluster)
    {
        final long[] words = new long[64];
        for (int slot = 0; slot < words.length; slot++)
        {
            words[slot] = cluster.victim().table().word(slot);
        }
        return words;
    }

    private static void putShort(final byte[] bytes, final int at, final int value)
    {
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >>> 8);
    }

    private static int getShort(final byte[] bytes, final int at)
    {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    private UnsafeBuffer frameHeader(final int capacity, final int src, final int dst)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[capacity]);
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(VictimCluster.CLUSTER_ID).srcNode(src).dstNode(dst).sequence(1).flags((short)0);
        return buffer;
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int length)
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private byte[] gossipFrame(final int updates)
    {
        final UnsafeBuffer buffer = frameHeader(1024, 100, VictimCluster.VICTIM_ID);
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, H, header);
        final GossipEncoder.UpdatesEncoder u = gossip.updatesCount(updates);
        for (int i = 0; i < updates; i++)
        {
            u.next().memberId(2_000 + i).incarnation(1).state(MemberState.ALIVE).metaVersion(0).fromNode(100)
                .endpoint().ipv4(VictimCluster.IPV4).port(VictimCluster.BASE_PORT + 7);
        }
        return bytes(buffer, H + M + gossip.encodedLength());
    }

    private byte[] joinFrame(final byte[] metadata)
    {
        final UnsafeBuffer buffer = frameHeader(2048, 3_000, -1);
        final JoinEncoder join = new JoinEncoder().wrapAndApplyHeader(buffer, H, header)
            .nodeId(3_000).incarnation(0).metaVersion(1);
        join.endpoint().ipv4(VictimCluster.IPV4).port(VictimCluster.BASE_PORT + 9);
        join.putMetadata(metadata, 0, metadata.length);
        return bytes(buffer, H + M + join.encodedLength());
    }

    private byte[] keyValueFrame()
    {
        final UnsafeBuffer buffer = frameHeader(1024, 100, VictimCluster.VICTIM_ID);
        final KeyValueBatchEncoder batch = new KeyValueBatchEncoder().wrapAndApplyHeader(buffer, H, header)
            .sessionId(1).chunkIndex(0).chunkCount(1).isReply(BooleanType.F);
        final KeyValueBatchEncoder.EntriesEncoder entries = batch.entriesCount(1);
        entries.next().lamportTime(1).writerNode(100).tombstone(BooleanType.F);
        final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entries.clockCount(2);
        clock.next().nodeId(100).counter(1);
        clock.next().nodeId(101).counter(2);
        entries.putKey(new byte[]{1, 2}, 0, 2);
        entries.putValue(new byte[]{3, 4, 5}, 0, 3);
        return bytes(buffer, H + M + batch.encodedLength());
    }

    private byte[] pingFrame(final int memberId, final int incarnation, final byte state, final int port)
    {
        final UnsafeBuffer buffer = frameHeader(1024, 100, VictimCluster.VICTIM_ID);
        final PingEncoder ping = new PingEncoder().wrapAndApplyHeader(buffer, H, header)
            .seq(Integer.MAX_VALUE).targetNode(memberId);
        ping.sourceEndpoint().ipv4(-1).port(port);
        final PingEncoder.UpdatesEncoder u = ping.updatesCount(1);
        final int entry = ping.limit();
        u.next().memberId(memberId).incarnation(incarnation).state(MemberState.ALIVE).metaVersion(0xFFFF)
            .fromNode(memberId).endpoint().ipv4(0).port(port);
        buffer.putByte(entry + 8, state);
        return bytes(buffer, H + M + ping.encodedLength());
    }

    private byte[] pushPullFrame(final byte booleanRaw, final int metadataLength)
    {
        final UnsafeBuffer buffer = frameHeader(4096, 100, VictimCluster.VICTIM_ID);
        final PushPullChunkEncoder chunk = new PushPullChunkEncoder().wrapAndApplyHeader(buffer, H, header)
            .syncId(-1).chunkIndex(0xFFFF).chunkCount(0).isReply(BooleanType.T).isJoin(BooleanType.F)
            .totalMembers(-1);
        buffer.putByte(H + M + PushPullChunkEncoder.isReplyEncodingOffset(), booleanRaw);
        final PushPullChunkEncoder.MembersEncoder m = chunk.membersCount(1);
        m.next().memberId(4_000).incarnation(0).state(MemberState.ALIVE).metaVersion(1).endpoint().ipv4(1).port(1);
        m.putMetadata(new byte[metadataLength], 0, metadataLength);
        return bytes(buffer, H + M + chunk.encodedLength());
    }

    private byte[] nacks(final int count)
    {
        final UnsafeBuffer buffer = frameHeader(8192, 100, VictimCluster.VICTIM_ID);
        final NackEncoder nack = new NackEncoder();
        int position = H;
        for (int i = 0; i < count; i++)
        {
            nack.wrapAndApplyHeader(buffer, position, header).seq(i).targetNode(102);
            position += M + nack.encodedLength();
        }
        return bytes(buffer, position);
    }

    static
    {
        // Keep the imports honest: the header decoder's length is the one the offsets above assume.
        if (MessageHeaderDecoder.ENCODED_LENGTH != M)
        {
            throw new IllegalStateException();
        }
    }
}
