package io.starling.codecs;

import org.agrona.DirectBuffer;

/**
 * PLACEHOLDER until the full structural validator lands: checks headers only and measures messages with the
 * generated decoders. Same API as the real one.
 */
public final class FrameValidator
{
    public static final int OK = 0;
    public static final int TRUNCATED = 1;
    public static final int WRONG_SCHEMA = 2;
    public static final int UNKNOWN_TEMPLATE = 3;
    public static final int NOT_A_FRAME = 7;
    public static final int TOO_MANY_MESSAGES = 8;
    public static final int EMPTY_FRAME = 9;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FrameHeaderDecoder frame = new FrameHeaderDecoder();
    private final PingDecoder ping = new PingDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final PingReqDecoder pingReq = new PingReqDecoder();
    private final GossipDecoder gossip = new GossipDecoder();
    private final JoinDecoder join = new JoinDecoder();
    private final PushPullChunkDecoder pushPull = new PushPullChunkDecoder();
    private final int[] offsets;
    private final int[] lengths;
    private final int[] templates;
    private final int[] blockLengths;
    private final int[] versions;
    private int count;
    private int clusterId;
    private int srcNode;
    private int dstNode;

    public FrameValidator(final int maxMessagesPerFrame)
    {
        offsets = new int[maxMessagesPerFrame];
        lengths = new int[maxMessagesPerFrame];
        templates = new int[maxMessagesPerFrame];
        blockLengths = new int[maxMessagesPerFrame];
        versions = new int[maxMessagesPerFrame];
    }

    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        count = 0;
        final int end = offset + length;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + FrameHeaderDecoder.BLOCK_LENGTH)
        {
            return TRUNCATED;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != FrameHeaderDecoder.SCHEMA_ID)
        {
            return WRONG_SCHEMA;
        }
        if (header.templateId() != FrameHeaderDecoder.TEMPLATE_ID)
        {
            return NOT_A_FRAME;
        }
        frame.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        clusterId = frame.clusterId();
        srcNode = frame.srcNode();
        dstNode = frame.dstNode();
        int pos = offset + MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
        while (pos < end)
        {
            if (count == offsets.length)
            {
                return TOO_MANY_MESSAGES;
            }
            if (end - pos < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                return TRUNCATED;
            }
            header.wrap(buffer, pos);
            if (header.schemaId() != FrameHeaderDecoder.SCHEMA_ID)
            {
                return WRONG_SCHEMA;
            }
            final int template = header.templateId();
            final int body = pos + MessageHeaderDecoder.ENCODED_LENGTH;
            final int bl = header.blockLength();
            final int v = header.version();
            final int len;
            try
            {
                switch (template)
                {
                    case PingDecoder.TEMPLATE_ID:
                        ping.wrap(buffer, body, bl, v);
                        ping.sbeSkip();
                        len = ping.encodedLength();
                        break;
                    case AckDecoder.TEMPLATE_ID:
                        ack.wrap(buffer, body, bl, v);
                        ack.sbeSkip();
                        len = ack.encodedLength();
                        break;
                    case PingReqDecoder.TEMPLATE_ID:
                        pingReq.wrap(buffer, body, bl, v);
                        pingReq.sbeSkip();
                        len = pingReq.encodedLength();
                        break;
                    case GossipDecoder.TEMPLATE_ID:
                        gossip.wrap(buffer, body, bl, v);
                        gossip.sbeSkip();
                        len = gossip.encodedLength();
                        break;
                    case JoinDecoder.TEMPLATE_ID:
                        join.wrap(buffer, body, bl, v);
                        join.sbeSkip();
                        len = join.encodedLength();
                        break;
                    case PushPullChunkDecoder.TEMPLATE_ID:
                        pushPull.wrap(buffer, body, bl, v);
                        pushPull.sbeSkip();
                        len = pushPull.encodedLength();
                        break;
                    case NackDecoder.TEMPLATE_ID:
                    case LeaveDecoder.TEMPLATE_ID:
                        len = bl;
                        break;
                    default:
                        return UNKNOWN_TEMPLATE;
                }
            }
            catch (final RuntimeException ex)
            {
                return TRUNCATED;
            }
            if (body + len > end)
            {
                return TRUNCATED;
            }
            offsets[count] = pos;
            lengths[count] = MessageHeaderDecoder.ENCODED_LENGTH + len;
            templates[count] = template;
            blockLengths[count] = bl;
            versions[count] = v;
            count++;
            pos = body + len;
        }
        return 0 == count ? EMPTY_FRAME : OK;
    }

    public int clusterId()
    {
        return clusterId;
    }

    public int srcNode()
    {
        return srcNode;
    }

    public int dstNode()
    {
        return dstNode;
    }

    public int messageCount()
    {
        return count;
    }

    public int messageOffset(final int i)
    {
        return offsets[i];
    }

    public int messageLength(final int i)
    {
        return lengths[i];
    }

    public int templateId(final int i)
    {
        return templates[i];
    }

    public int actingBlockLength(final int i)
    {
        return blockLengths[i];
    }

    public int actingVersion(final int i)
    {
        return versions[i];
    }
}
