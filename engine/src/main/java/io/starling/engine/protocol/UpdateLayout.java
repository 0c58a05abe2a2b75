package io.starling.engine.protocol;

import io.starling.codecs.EndpointEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.GroupSizeEncodingEncoder;
import io.starling.codecs.MetadataUpdateEncoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Byte layout of one membership update: the entry of the {@code updates} group that Ping, Ack, PingReq and Gossip
 * share (member id, incarnation, state, metadata version, from node, endpoint), taken from the generated codecs;
 * a {@code MetadataUpdate}'s block has the same layout. {@link Piggyback} writes it and {@link UpdateMerge} reads
 * it, each in one loop for the four messages. Layout only.
 */
final class UpdateLayout
{
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    static final int GROUP_HEADER_LENGTH = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    static final int GROUP_BLOCK_LENGTH_OFFSET = GroupSizeEncodingEncoder.blockLengthEncodingOffset();
    static final int GROUP_COUNT_OFFSET = GroupSizeEncodingEncoder.numInGroupEncodingOffset();
    static final int LENGTH = GossipEncoder.UpdatesEncoder.sbeBlockLength();
    static final int MEMBER_ID = GossipEncoder.UpdatesEncoder.memberIdEncodingOffset();
    static final int INCARNATION = GossipEncoder.UpdatesEncoder.incarnationEncodingOffset();
    static final int STATE = GossipEncoder.UpdatesEncoder.stateEncodingOffset();
    static final int META_VERSION = GossipEncoder.UpdatesEncoder.metaVersionEncodingOffset();
    static final int FROM_NODE = GossipEncoder.UpdatesEncoder.fromNodeEncodingOffset();
    static final int ENDPOINT = GossipEncoder.UpdatesEncoder.endpointEncodingOffset();
    static final int IPV4 = ENDPOINT + EndpointEncoder.ipv4EncodingOffset();
    static final int PORT = ENDPOINT + EndpointEncoder.portEncodingOffset();
    /** Length prefix of the bytes after a {@code MetadataUpdate}'s block, which has this same entry layout. */
    static final int VAR_HEADER_LENGTH = MetadataUpdateEncoder.metadataHeaderLength();

    private UpdateLayout()
    {
    }

    static int groupBlockLength(final DirectBuffer buffer, final int groupOffset)
    {
        return buffer.getShort(groupOffset + GROUP_BLOCK_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    static int groupCount(final DirectBuffer buffer, final int groupOffset)
    {
        return buffer.getShort(groupOffset + GROUP_COUNT_OFFSET, ORDER) & 0xFFFF;
    }

    static int memberId(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + MEMBER_ID, ORDER);
    }

    static int incarnation(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + INCARNATION, ORDER);
    }

    static int state(final DirectBuffer buffer, final int entry)
    {
        return buffer.getByte(entry + STATE) & 0xFF;
    }

    static int metaVersion(final DirectBuffer buffer, final int entry)
    {
        return buffer.getShort(entry + META_VERSION, ORDER) & 0xFFFF;
    }

    static int fromNode(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + FROM_NODE, ORDER);
    }

    static int ipv4(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entry + IPV4, ORDER);
    }

    static int port(final DirectBuffer buffer, final int entry)
    {
        return buffer.getShort(entry + PORT, ORDER) & 0xFFFF;
    }
}
