package io.starling.engine.protocol;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
