package io.starling.engine.protocol;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.MetadataUpdateDecoder;
import io.starling.codecs.MetadataUpdateEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Piggyback} writes the updates group of four messages in one loop from {@link UpdateLayout}, and
 * {@link UpdateMerge} reads it the same way: the layout must be the one the generated codecs give all four, and
 * what it writes must decode with the generated decoder (precedence checks on in tests).
 */
class PiggybackTest
{
    @Test
    void theFourUpdatesGroupsShareOneLayout()
    {
        final int[] ping = {PingEncoder.UpdatesEncoder.sbeBlockLength(),
            PingEncoder.UpdatesEncoder.memberIdEncodingOffset(), PingEncoder.UpdatesEncoder.incarnationEncodingOffset(),
            PingEncoder.UpdatesEncoder.stateEncodingOffset(), PingEncoder.UpdatesEncoder.metaVersionEncodingOffset(),
            PingEncoder.UpdatesEncoder.fromNodeEncodingOffset(), PingEncoder.UpdatesEncoder.endpointEncodingOffset()};
        final int[] ack = {AckEncoder.UpdatesEncoder.sbeBlockLength(),
            AckEncoder.UpdatesEncoder.memberIdEncodingOffset(), AckEncoder.UpdatesEncoder.incarnationEncodingOffset(),
            AckEncoder.UpdatesEncoder.stateEncodingOffset(), AckEncoder.UpdatesEncoder.metaVersionEncodingOffset(),
            AckEncoder.UpdatesEncoder.fromNodeEncodingOffset(), AckEncoder.UpdatesEncoder.endpointEncodingOffset()};
        final int[] pingReq = {PingReqEncoder.UpdatesEncoder.sbeBlockLength(),
            PingReqEncoder.UpdatesEncoder.memberIdEncodingOffset(),
            PingReqEncoder.UpdatesEncoder.incarnationEncodingOffset(),
            PingReqEncoder.UpdatesEncoder.stateEncodingOffset(),
            PingReqEncoder.UpdatesEncoder.metaVersionEncodingOffset(),
            PingReqEncoder.UpdatesEncoder.fromNodeEncodingOffset(),
            PingReqEncoder.UpdatesEncoder.endpointEncodingOffset()};
        final int[] gossip = {GossipEncoder.UpdatesEncoder.sbeBlockLength(),
            GossipEncoder.UpdatesEncoder.memberIdEncodingOffset(),
            GossipEncoder.UpdatesEncoder.incarnationEncodingOffset(),
            GossipEncoder.UpdatesEncoder.stateEncodingOffset(),
            GossipEncoder.UpdatesEncoder.metaVersionEncodingOffset(),
            GossipEncoder.UpdatesEncoder.fromNodeEncodingOffset(),
            GossipEncoder.UpdatesEncoder.endpointEncodingOffset()};
        for (int i = 0; i < ping.length; i++)
        {
            assertEquals(gossip[i], ping[i]);
            assertEquals(gossip[i], ack[i]);
            assertEquals(gossip[i], pingReq[i]);
        }
    }

    @Test
    void writesAGroupTheGeneratedDecoderReadsBuddyFirst()
    {
        final MemberDirectory directory = new MemberDirectory(8);
        final MembershipTable table = new MembershipTable(8);
        final DisseminationQueue queue = new DisseminationQueue(8, 64);
        final int a = directory.register(11, 0x0A00_0001, 5001);
        final int b = directory.register(12, 0x0A00_0002, 5002);
        final int c = directory.register(13, 0x0A00_0003, 5003);
        table.set(a, 7, MemberState.ALIVE, 3, 0);
        table.set(b, 9, MemberState.DEAD, 65_535, 0);
        table.set(c, 2, MemberState.SUSPECT, 0, 0);
        queue.offer(a, 21);
        queue.offer(b, 22);
        queue.offer(c, 23);
        final Piggyback piggyback = new Piggyback(queue, table, directory);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PingEncoder encoder = new PingEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.seq(1).targetNode(13).sourceEndpoint().ipv4(1).port(2);
        final int n = piggyback.select(10 * Piggyback.UPDATE_LENGTH, c);
        assertEquals(2, n);
        encoder.limit(piggyback.write(buffer, encoder.limit(), n, c, 99));
        piggyback.markSent(n, 3);

        final PingDecoder decoder = new PingDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        assertEquals(13, decoder.targetNode());
        final PingDecoder.UpdatesDecoder updates = decoder.updates();
        assertEquals(3, updates.count());
        updates.next();
        assertEquals(13, updates.memberId());
        assertEquals(2, updates.incarnation());
        assertEquals(MemberState.SUSPECT, updates.stateRaw());
        assertEquals(99, updates.fromNode());
        assertEquals(0x0A00_0003, updates.endpoint().ipv4());
        assertEquals(5003, updates.endpoint().port());
        int seen = 0;
        while (updates.hasNext())
        {
            updates.next();
            if (12 == updates.memberId())
            {
                assertEquals(9, updates.incarnation());
                assertEquals(MemberState.DEAD, updates.stateRaw());
                assertEquals(65_535, updates.metaVersion());
                assertEquals(22, updates.fromNode());
                assertEquals(5002, updates.endpoint().port());
            }
            else
            {
                assertEquals(11, updates.memberId());
                assertEquals(3, updates.metaVersion());
                assertEquals(21, updates.fromNode());
            }
            seen++;
        }
        assertEquals(2, seen);
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), decoder.limit());
    }

    @Test
    void aMetadataUpdateHasTheLayoutOfAnUpdatesEntry()
    {
        assertEquals(UpdateLayout.LENGTH, MetadataUpdateEncoder.BLOCK_LENGTH);
        assertEquals(UpdateLayout.MEMBER_ID, MetadataUpdateEncoder.memberIdEncodingOffset());
        assertEquals(UpdateLayout.INCARNATION, MetadataUpdateEncoder.incarnationEncodingOffset());
        assertEquals(UpdateLayout.STATE, MetadataUpdateEncoder.stateEncodingOffset());
        assertEquals(UpdateLayout.META_VERSION, MetadataUpdateEncoder.metaVersionEncodingOffset());
        assertEquals(UpdateLayout.FROM_NODE, MetadataUpdateEncoder.fromNodeEncodingOffset());
        assertEquals(UpdateLayout.ENDPOINT, MetadataUpdateEncoder.endpointEncodingOffset());
    }

    /**
     * Three members announce 512-byte metadata and the node's own update (pinned, with 512 bytes too) is the oldest
     * of the queue: a default frame takes two blobs, the node's own first (while its update is queued); the others
     * take the second place in turn, the rest waiting.
     */
    @Test
    void twoFullBlobsAFrameTheNodesOwnFirstAndTheRestWait()
    {
        final MemberDirectory directory = new MemberDirectory(8);
        final MembershipTable table = new MembershipTable(8);
        final DisseminationQueue queue = new DisseminationQueue(8, 64);
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[MemberDirectory.MAX_METADATA_BYTES]);
        final int self = directory.registerHosted(10, 0x0A00_0000, 5000);
        queue.pin(self);
        table.set(self, 1, MemberState.ALIVE, 1, 0);
        directory.putMetadata(self, 1, 1, blob, 0, blob.capacity());
        queue.offer(self, 10);
        for (int i = 1; i <= 3; i++)
        {
            final int slot = directory.register(10 + i, 0x0A00_0000 + i, 5000 + i);
            table.set(slot, 1, MemberState.ALIVE, 1, 0);
            directory.putMetadata(slot, 1, 1, blob, 0, blob.capacity());
            queue.offer(slot, 10 + i, true);
        }
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        assertOwnUpdateGoesWithoutBytesWhenThereIsNoRoom(queue, table, directory, self);
        final java.util.List<byte[]> frames = new java.util.ArrayList<>();
        final FramePacker packer = new FramePacker(1, ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT,
            (srcIndex, dst, ipv4, port, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                frames.add(copy);
            }, CounterSink.NO_OP);

        for (int round = 0; round < 2; round++)
        {
            final int fixed = MessageHeaderEncoder.ENCODED_LENGTH + GossipEncoder.BLOCK_LENGTH +
                Piggyback.GROUP_HEADER_LENGTH;
            final int offset = packer.claim(0, 10, 99, 0x0A00_0063, 5099, fixed + Piggyback.UPDATE_LENGTH);
            final GossipEncoder gossip = new GossipEncoder()
                .wrapAndApplyHeader(packer.buffer(), offset, new MessageHeaderEncoder());
            final int n = piggyback.select(packer.claimedCapacity() - fixed, -1);
            gossip.limit(piggyback.write(packer.buffer(), gossip.limit(), n, -1, 0));
            packer.commit(MessageHeaderEncoder.ENCODED_LENGTH + gossip.encodedLength());
            piggyback.writeMetadata(packer, 0, 10, 99, 0x0A00_0063, 5099);
            piggyback.markSent(n, 10);
            packer.flush();
        }

        assertEquals("gossip[] meta[10] meta[13]", describe(frames.get(0)));
        assertEquals("gossip[] meta[10] meta[12]", describe(frames.get(1)));
    }

    /**
     * With room for one blob, the node's own takes it although other members' come first in the queue; with room
     * for none, the node's own update goes without its bytes (it never waits) and the others wait.
     */
    private static void assertOwnUpdateGoesWithoutBytesWhenThereIsNoRoom(
        final DisseminationQueue queue, final MembershipTable table, final MemberDirectory directory, final int self)
    {
        final Piggyback piggyback = new Piggyback(queue, table, directory);
        final int blobMessage = Piggyback.METADATA_MESSAGE_FIXED_LENGTH + MemberDirectory.MAX_METADATA_BYTES;
        assertEquals(0, piggyback.select(blobMessage, -1));
        assertEquals(1, piggyback.selectedWithMetadata());
        final int plain = piggyback.select(blobMessage - 1, -1);
        assertEquals(0, piggyback.selectedWithMetadata());
        assertEquals(1, plain, "only the node's own update goes, without its bytes; the others wait");
        assertEquals(self, piggyback.selectedSlot(0));
    }

    private static String describe(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final FrameValidator validator = new FrameValidator(64);
        assertEquals(FrameValidator.OK, validator.validate(buffer, 0, frame.length));
        assertTrue(frame.length <= ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT, "frame of " + frame.length);
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < validator.messageCount(); i++)
        {
            final int body = validator.messageOffset(i) + MessageHeaderEncoder.ENCODED_LENGTH;
            if (GossipDecoder.TEMPLATE_ID == validator.templateId(i))
            {
                out.append(out.length() > 0 ? " " : "").append("gossip[");
                final GossipDecoder.UpdatesDecoder updates = new GossipDecoder()
                    .wrap(buffer, body, validator.actingBlockLength(i), validator.actingVersion(i)).updates();
                String separator = "";
                while (updates.hasNext())
                {
                    out.append(separator).append(updates.next().memberId());
                    separator = ",";
                }
                out.append(']');
            }
            else
            {
                final MetadataUpdateDecoder update = new MetadataUpdateDecoder()
                    .wrap(buffer, body, validator.actingBlockLength(i), validator.actingVersion(i));
                assertEquals(MemberDirectory.MAX_METADATA_BYTES, update.metadataLength());
                out.append(" meta[").append(update.memberId()).append(']');
            }
        }
        return out.toString();
    }
}
