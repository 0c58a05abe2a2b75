package io.starling.codecs;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Structural check of a whole frame received from the network, before any decoder is wrapped over it.
 * <p>
 * A frame is a {@code FrameHeader} message followed by one or more protocol messages, each with its own SBE message
 * header, back to back, filling the frame exactly. {@link #validate(DirectBuffer, int, int)} walks every message,
 * every repeating group (nested ones included) and every variable length field, honouring the acting block lengths
 * found on the wire, and returns {@link #OK} only if everything a decoder reads later lies inside the frame. It then
 * describes the frame: the header fields and, for each message, its offset, length, template id, acting block
 * length and acting version, so the caller wraps each decoder without re-reading headers.
 * <p>
 * Forward compatibility: a message (or group) of a newer schema version whose block length is at least ours is
 * accepted; decoders skip the appended fields by honouring the acting block length. Backward: a message of version 0
 * may have the block of version 0 (Ping and Ack before their {@code viewDigest}); the decoders then read the
 * appended field as its null value. Any other block length smaller than this schema's is rejected. The check is
 * structural only: enum values and other semantics are the receiver's.
 * <p>
 * The shape of every template is built once from the generated codecs' constants. An instance is reusable, never
 * allocates in {@link #validate(DirectBuffer, int, int)} and never throws from it, whatever the bytes. Not thread
 * safe: one instance per thread.
 */
public final class FrameValidator
{
    /** The frame is well formed. */
    public static final int OK = 0;
    /** A fixed-size part (message header, message block, group header, var-data length) runs past the end. */
    public static final int TRUNCATED = 1;
    /** A message header carries another schema id. */
    public static final int WRONG_SCHEMA = 2;
    /** A message header carries a template id this schema does not define. */
    public static final int UNKNOWN_TEMPLATE = 3;
    /** A message's block length is smaller than this schema's block length for it. */
    public static final int BAD_BLOCK_LENGTH = 4;
    /** A group's entries run past the end, or its block length is smaller than this schema's. */
    public static final int GROUP_OVERFLOW = 5;
    /** A variable length field's bytes run past the end. */
    public static final int VAR_DATA_OVERFLOW = 6;
    /** The first message is not a FrameHeader, or a FrameHeader appears again later in the frame. */
    public static final int NOT_A_FRAME = 7;
    /** More protocol messages than this validator was configured to accept. */
    public static final int TOO_MANY_MESSAGES = 8;
    /** A FrameHeader with no protocol message after it. */
    public static final int EMPTY_FRAME = 9;
    /** Number of reasons, for sizing counter arrays indexed by reason. */
    public static final int REASON_COUNT = 10;

    private static final String[] REASON_NAMES =
    {
        "OK",
        "TRUNCATED",
        "WRONG_SCHEMA",
        "UNKNOWN_TEMPLATE",
        "BAD_BLOCK_LENGTH",
        "GROUP_OVERFLOW",
        "VAR_DATA_OVERFLOW",
        "NOT_A_FRAME",
        "TOO_MANY_MESSAGES",
        "EMPTY_FRAME",
    };

    private static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;
    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private static final Shape[] NO_GROUPS = new Shape[0];
    private static final VarData[] NO_DATA = new VarData[0];

    /** Shapes indexed by template id; null where the schema defines no template. */
    private static final Shape[] SHAPES = buildShapes();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final GroupSizeEncodingDecoder groupHeaderDecoder = new GroupSizeEncodingDecoder();
    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();

    private final int maxMessagesPerFrame;
    private final int[] messageOffsets;
    private final int[] messageLengths;
    private final int[] templateIds;
    private final int[] actingBlockLengths;
    private final int[] actingVersions;

    private int messageCount;
    private int clusterId;
    private int srcNode;
    private int dstNode;
    private long sequence;
    private int flags;

    /**
     * Create a validator that accepts at most {@code maxMessagesPerFrame} protocol messages per frame.
     *
     * @param maxMessagesPerFrame protocol messages (FrameHeader excluded) accepted in one frame, at least 1.
     * @throws IllegalArgumentException if {@code maxMessagesPerFrame} is less than 1.
     */
    public FrameValidator(final int maxMessagesPerFrame)
    {
        if (maxMessagesPerFrame < 1)
        {
            throw new IllegalArgumentException("maxMessagesPerFrame must be >= 1: " + maxMessagesPerFrame);
        }

        this.maxMessagesPerFrame = maxMessagesPerFrame;
        messageOffsets = new int[maxMessagesPerFrame];
        messageLengths = new int[maxMessagesPerFrame];
        templateIds = new int[maxMessagesPerFrame];
        actingBlockLengths = new int[maxMessagesPerFrame];
        actingVersions = new int[maxMessagesPerFrame];
    }

    /**
     * Name of a reason, for logs and reports.
     *
     * @param reason one of the reason constants.
     * @return its name, or "UNKNOWN" for a value that is not a reason.
     */
    public static String reasonName(final int reason)
    {
        return reason >= 0 && reason < REASON_COUNT ? REASON_NAMES[reason] : "UNKNOWN";
    }

    /**
     * Maximum number of protocol messages accepted in one frame.
     *
     * @return the limit given at construction.
     */
    public int maxMessagesPerFrame()
    {
        return maxMessagesPerFrame;
    }

    /**
     * Walk the frame {@code [offset, offset + length)} of {@code buffer}. Never throws; arguments that do not
     * describe a range inside the buffer give {@link #TRUNCATED}.
     *
     * @param buffer holding the frame.
     * @param offset of the FrameHeader's SBE message header.
     * @param length of the frame in bytes.
     * @return {@link #OK} or the reason the frame is rejected; on anything but OK, {@link #messageCount()} is 0.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        messageCount = 0;
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return TRUNCATED;
        }

        final int end = offset + length;
        int position = offset;
        int count = -1;
        while (position < end)
        {
            if (end - position < MESSAGE_HEADER_LENGTH)
            {
                return fail(TRUNCATED);
            }

            final MessageHeaderDecoder header = headerDecoder.wrap(buffer, position);
            final int blockLength = header.blockLength();
            final int templateId = header.templateId();
            final int schemaId = header.schemaId();
            final int version = header.version();

            if (MessageHeaderDecoder.SCHEMA_ID != schemaId)
            {
                return fail(WRONG_SCHEMA);
            }

            if ((count < 0) != (FrameHeaderDecoder.TEMPLATE_ID == templateId))
            {
                return fail(NOT_A_FRAME);
            }

            final Shape shape = shapeOf(templateId);
            if (null == shape)
            {
                return fail(UNKNOWN_TEMPLATE);
            }

            if (blockLength < (0 == version ? shape.versionZeroBlockLength : shape.blockLength))
            {
                return fail(BAD_BLOCK_LENGTH);
            }

            if (count >= maxMessagesPerFrame)
            {
                return fail(TOO_MANY_MESSAGES);
            }

            final int bodyOffset = position + MESSAGE_HEADER_LENGTH;
            if (end - bodyOffset < blockLength)
            {
                return fail(TRUNCATED);
            }

            final int messageEnd = walk(buffer, shape, bodyOffset + blockLength, end);
            if (messageEnd < 0)
            {
                return fail(-messageEnd);
            }

            if (count >= 0)
            {
                messageOffsets[count] = position;
                messageLengths[count] = messageEnd - position;
                templateIds[count] = templateId;
                actingBlockLengths[count] = blockLength;
                actingVersions[count] = version;
            }

            count++;
            position = messageEnd;
        }

        if (count < 0)
        {
            return fail(TRUNCATED);
        }

        if (0 == count)
        {
            return fail(EMPTY_FRAME);
        }

        // The FrameHeader is read only now, so its fields change only when a frame validates OK.
        final MessageHeaderDecoder header = headerDecoder.wrap(buffer, offset);
        final FrameHeaderDecoder frameHeader = frameHeaderDecoder.wrap(
            buffer, offset + MESSAGE_HEADER_LENGTH, header.blockLength(), header.version());
        // A frame cut exactly between two messages walks cleanly: the stated count catches it (0 = not stated).
        final short statedCount = frameHeader.messageCount();
        if (0 != statedCount && statedCount != count)
        {
            return fail(TRUNCATED);
        }
        clusterId = frameHeader.clusterId();
        srcNode = frameHeader.srcNode();
        dstNode = frameHeader.dstNode();
        sequence = frameHeader.sequence();
        flags = frameHeader.flags();
        messageCount = count;

        return OK;
    }

    /**
     * Cluster id from the FrameHeader of the last frame validated OK.
     *
     * @return cluster id.
     */
    public int clusterId()
    {
        return clusterId;
    }

    /**
     * Sending node id from the FrameHeader of the last frame validated OK.
     *
     * @return source node id.
     */
    public int srcNode()
    {
        return srcNode;
    }

    /**
     * Destination node id (or -1 for any node of the process) of the last frame validated OK.
     *
     * @return destination node id.
     */
    public int dstNode()
    {
        return dstNode;
    }

    /**
     * Frame sequence of the sending process, of the last frame validated OK.
     *
     * @return sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Flags (uint8) of the last frame validated OK.
     *
     * @return flags in 0..255.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Protocol messages in the last frame validated OK, the FrameHeader excluded; 0 after a rejection.
     *
     * @return message count.
     */
    public int messageCount()
    {
        return messageCount;
    }

    /**
     * Offset in the buffer of message {@code i}'s SBE message header.
     *
     * @param i message index, {@code 0 <= i < messageCount()}.
     * @return offset of the message header.
     */
    public int messageOffset(final int i)
    {
        return messageOffsets[i];
    }

    /**
     * Length of message {@code i}: header, block, groups and var data.
     *
     * @param i message index, {@code 0 <= i < messageCount()}.
     * @return length in bytes.
     */
    public int messageLength(final int i)
    {
        return messageLengths[i];
    }

    /**
     * Template id of message {@code i}.
     *
     * @param i message index, {@code 0 <= i < messageCount()}.
     * @return template id.
     */
    public int templateId(final int i)
    {
        return templateIds[i];
    }

    /**
     * Block length of message {@code i} as found on the wire, to wrap its decoder with.
     *
     * @param i message index, {@code 0 <= i < messageCount()}.
     * @return acting block length.
     */
    public int actingBlockLength(final int i)
    {
        return actingBlockLengths[i];
    }

    /**
     * Schema version of message {@code i} as found on the wire, to wrap its decoder with.
     *
     * @param i message index, {@code 0 <= i < messageCount()}.
     * @return acting version.
     */
    public int actingVersion(final int i)
    {
        return actingVersions[i];
    }

    private int fail(final int reason)
    {
        messageCount = 0;
        return reason;
    }

    /**
     * Walk the groups then the var-data fields of a message or group entry whose block ends at {@code start}.
     *
     * @return the position after them, or minus a reason.
     */
    private int walk(final DirectBuffer buffer, final Shape shape, final int start, final int end)
    {
        int position = start;
        final Shape[] groups = shape.groups;
        for (int g = 0; g < groups.length; g++)
        {
            final Shape group = groups[g];
            if (end - position < group.headerLength)
            {
                return -TRUNCATED;
            }

            final GroupSizeEncodingDecoder groupHeader = groupHeaderDecoder.wrap(buffer, position);
            final int blockLength = groupHeader.blockLength();
            final int numInGroup = groupHeader.numInGroup();
            position += group.headerLength;

            if (blockLength < group.blockLength)
            {
                return -GROUP_OVERFLOW;
            }

            // Each entry takes at least its block plus the headers of its nested groups and var data: a count that
            // cannot fit is rejected before walking (and exactly, for groups with neither).
            final long minimumBytes = (long)(blockLength + group.minimumTrailingLength) * numInGroup;
            if (minimumBytes > end - position)
            {
                return -GROUP_OVERFLOW;
            }

            if (group.isFlat)
            {
                position += (int)minimumBytes;
            }
            else
            {
                for (int i = 0; i < numInGroup; i++)
                {
                    if (end - position < blockLength)
                    {
                        return -GROUP_OVERFLOW;
                    }

                    position = walk(buffer, group, position + blockLength, end);
                    if (position < 0)
                    {
                        return position;
                    }
                }
            }
        }

        final int[] varDataHeaderLengths = shape.varDataHeaderLengths;
        for (int v = 0; v < varDataHeaderLengths.length; v++)
        {
            final int headerLength = varDataHeaderLengths[v];
            if (end - position < headerLength)
            {
                return -TRUNCATED;
            }

            final long dataLength = readLength(buffer, position, headerLength);
            position += headerLength;
            if (dataLength > end - position)
            {
                return -VAR_DATA_OVERFLOW;
            }
            position += (int)dataLength;
        }

        return position;
    }

    private static long readLength(final DirectBuffer buffer, final int index, final int headerLength)
    {
        switch (headerLength)
        {
            case 1:
                return buffer.getByte(index) & 0xFFL;
            case 2:
                return buffer.getShort(index, BYTE_ORDER) & 0xFFFFL;
            default:
                return buffer.getInt(index, BYTE_ORDER) & 0xFFFF_FFFFL;
        }
    }

    private static Shape shapeOf(final int templateId)
    {
        return templateId < SHAPES.length ? SHAPES[templateId] : null;
    }

    /**
     * A human description of a template's shape, as walked by the validator; used by tests to cross-check every
     * template against the schema.
     *
     * @param templateId template id.
     * @return the description, or null when the validator does not know the template.
     */
    static String describe(final int templateId)
    {
        final Shape shape = shapeOf(templateId);
        return null == shape ? null : shape.describe(new StringBuilder()).toString();
    }

    /**
     * Template ids the validator knows, ascending.
     *
     * @return a new array of template ids.
     */
    static int[] knownTemplateIds()
    {
        int n = 0;
        for (final Shape shape : SHAPES)
        {
            n += null == shape ? 0 : 1;
        }

        final int[] ids = new int[n];
        int i = 0;
        for (int id = 0; id < SHAPES.length; id++)
        {
            if (null != SHAPES[id])
            {
                ids[i++] = id;
            }
        }

        return ids;
    }

    /**
     * Every template of the schema, from the generated codecs' constants. When the schema gains a template, a group
     * or a var-data field, add it here: {@code FrameValidatorSchemaTest} fails until the two agree.
     */
    private static Shape[] buildShapes()
    {
        final Shape updatesOfPing = group(
            "updates", PingEncoder.updatesId(),
            PingDecoder.UpdatesDecoder.HEADER_SIZE, PingDecoder.UpdatesDecoder.sbeBlockLength(), NO_GROUPS, NO_DATA);
        final Shape updatesOfAck = group(
            "updates", AckEncoder.updatesId(),
            AckDecoder.UpdatesDecoder.HEADER_SIZE, AckDecoder.UpdatesDecoder.sbeBlockLength(), NO_GROUPS, NO_DATA);
        final Shape updatesOfPingReq = group(
            "updates", PingReqEncoder.updatesId(),
            PingReqDecoder.UpdatesDecoder.HEADER_SIZE, PingReqDecoder.UpdatesDecoder.sbeBlockLength(),
            NO_GROUPS, NO_DATA);
        final Shape updatesOfGossip = group(
            "updates", GossipEncoder.updatesId(),
            GossipDecoder.UpdatesDecoder.HEADER_SIZE, GossipDecoder.UpdatesDecoder.sbeBlockLength(),
            NO_GROUPS, NO_DATA);
        final Shape membersOfPushPull = group(
            "members", PushPullChunkEncoder.membersId(),
            PushPullChunkDecoder.MembersDecoder.HEADER_SIZE, PushPullChunkDecoder.MembersDecoder.sbeBlockLength(),
            NO_GROUPS,
            data(new VarData(
                "metadata",
                PushPullChunkDecoder.MembersDecoder.metadataId(),
                PushPullChunkDecoder.MembersDecoder.metadataHeaderLength())));
        final Shape nodesOfDigestRequest = group(
            "nodes", MerkleDigestRequestEncoder.nodesId(),
            MerkleDigestRequestDecoder.NodesDecoder.HEADER_SIZE,
            MerkleDigestRequestDecoder.NodesDecoder.sbeBlockLength(), NO_GROUPS, NO_DATA);
        final Shape nodesOfDigestResponse = group(
            "nodes", MerkleDigestResponseEncoder.nodesId(),
            MerkleDigestResponseDecoder.NodesDecoder.HEADER_SIZE,
            MerkleDigestResponseDecoder.NodesDecoder.sbeBlockLength(), NO_GROUPS, NO_DATA);
        final Shape leavesOfKeyRange = group(
            "leaves", KeyRangeRequestEncoder.leavesId(),
            KeyRangeRequestDecoder.LeavesDecoder.HEADER_SIZE, KeyRangeRequestDecoder.LeavesDecoder.sbeBlockLength(),
            NO_GROUPS, NO_DATA);
        final Shape clockOfEntries = group(
            "clock", KeyValueBatchEncoder.EntriesEncoder.clockId(),
            KeyValueBatchDecoder.EntriesDecoder.ClockDecoder.HEADER_SIZE,
            KeyValueBatchDecoder.EntriesDecoder.ClockDecoder.sbeBlockLength(), NO_GROUPS, NO_DATA);
        final Shape entriesOfKeyValueBatch = group(
            "entries", KeyValueBatchEncoder.entriesId(),
            KeyValueBatchDecoder.EntriesDecoder.HEADER_SIZE, KeyValueBatchDecoder.EntriesDecoder.sbeBlockLength(),
            groups(clockOfEntries),
            data(
                new VarData(
                    "key",
                    KeyValueBatchDecoder.EntriesDecoder.keyId(),
                    KeyValueBatchDecoder.EntriesDecoder.keyHeaderLength()),
                new VarData(
                    "value",
                    KeyValueBatchDecoder.EntriesDecoder.valueId(),
                    KeyValueBatchDecoder.EntriesDecoder.valueHeaderLength())));

        final Shape[] messages =
        {
            message("FrameHeader", FrameHeaderDecoder.TEMPLATE_ID, FrameHeaderDecoder.BLOCK_LENGTH, NO_GROUPS, NO_DATA),
            message("Ping", PingDecoder.TEMPLATE_ID, PingDecoder.BLOCK_LENGTH, groups(updatesOfPing), NO_DATA)
                .versionZeroBlockLength(PingDecoder.viewDigestEncodingOffset()),
            message("Ack", AckDecoder.TEMPLATE_ID, AckDecoder.BLOCK_LENGTH, groups(updatesOfAck),
                data(new VarData("payload", AckDecoder.payloadId(), AckDecoder.payloadHeaderLength())))
                .versionZeroBlockLength(AckDecoder.viewDigestEncodingOffset()),
            message("Nack", NackDecoder.TEMPLATE_ID, NackDecoder.BLOCK_LENGTH, NO_GROUPS, NO_DATA),
            message("PingReq", PingReqDecoder.TEMPLATE_ID, PingReqDecoder.BLOCK_LENGTH, groups(updatesOfPingReq),
                NO_DATA),
            message("Gossip", GossipDecoder.TEMPLATE_ID, GossipDecoder.BLOCK_LENGTH, groups(updatesOfGossip), NO_DATA),
            message("Join", JoinDecoder.TEMPLATE_ID, JoinDecoder.BLOCK_LENGTH, NO_GROUPS,
                data(new VarData("metadata", JoinDecoder.metadataId(), JoinDecoder.metadataHeaderLength()))),
            message("Leave", LeaveDecoder.TEMPLATE_ID, LeaveDecoder.BLOCK_LENGTH, NO_GROUPS, NO_DATA),
            message("PushPullChunk", PushPullChunkDecoder.TEMPLATE_ID, PushPullChunkDecoder.BLOCK_LENGTH,
                groups(membersOfPushPull), NO_DATA),
            message("Rumor", RumorDecoder.TEMPLATE_ID, RumorDecoder.BLOCK_LENGTH, NO_GROUPS,
                data(new VarData("payload", RumorDecoder.payloadId(), RumorDecoder.payloadHeaderLength()))),
            message("RumorAck", RumorAckDecoder.TEMPLATE_ID, RumorAckDecoder.BLOCK_LENGTH, NO_GROUPS, NO_DATA),
            message("MerkleDigestRequest", MerkleDigestRequestDecoder.TEMPLATE_ID,
                MerkleDigestRequestDecoder.BLOCK_LENGTH, groups(nodesOfDigestRequest), NO_DATA),
            message("MerkleDigestResponse", MerkleDigestResponseDecoder.TEMPLATE_ID,
                MerkleDigestResponseDecoder.BLOCK_LENGTH, groups(nodesOfDigestResponse), NO_DATA),
            message("KeyRangeRequest", KeyRangeRequestDecoder.TEMPLATE_ID, KeyRangeRequestDecoder.BLOCK_LENGTH,
                groups(leavesOfKeyRange), NO_DATA),
            message("KeyValueBatch", KeyValueBatchDecoder.TEMPLATE_ID, KeyValueBatchDecoder.BLOCK_LENGTH,
                groups(entriesOfKeyValueBatch), NO_DATA),
            message("MetadataUpdate", MetadataUpdateDecoder.TEMPLATE_ID, MetadataUpdateDecoder.BLOCK_LENGTH, NO_GROUPS,
                data(new VarData("metadata", MetadataUpdateDecoder.metadataId(),
                MetadataUpdateDecoder.metadataHeaderLength()))),
        };

        int maxTemplateId = 0;
        for (final Shape shape : messages)
        {
            maxTemplateId = Math.max(maxTemplateId, shape.id);
        }

        final Shape[] byTemplateId = new Shape[maxTemplateId + 1];
        for (final Shape shape : messages)
        {
            if (null != byTemplateId[shape.id])
            {
                throw new IllegalStateException("duplicate template id " + shape.id);
            }
            byTemplateId[shape.id] = shape;
        }

        return byTemplateId;
    }

    private static Shape[] groups(final Shape... groups)
    {
        return groups;
    }

    private static VarData[] data(final VarData... data)
    {
        return data;
    }

    private static Shape message(
        final String name, final int templateId, final int blockLength, final Shape[] groups, final VarData[] data)
    {
        return new Shape(name, templateId, 0, blockLength, groups, data);
    }

    private static Shape group(
        final String name,
        final long id,
        final int headerLength,
        final int blockLength,
        final Shape[] groups,
        final VarData[] data)
    {
        return new Shape(name, (int)id, headerLength, blockLength, groups, data);
    }

    private static final class VarData
    {
        final String name;
        final int id;
        final int headerLength;

        VarData(final String name, final int id, final int headerLength)
        {
            if (headerLength != 1 && headerLength != 2 && headerLength != 4)
            {
                throw new IllegalStateException("unsupported var-data length width for " + name + ": " + headerLength);
            }

            this.name = name;
            this.id = id;
            this.headerLength = headerLength;
        }
    }

    /** A message (headerLength 0) or a group: its block length, groups and var-data fields, in wire order. */
    private static final class Shape
    {
        final String name;
        final int id;
        final int headerLength;
        final int blockLength;
        /** The block of schema version 0: shorter where a later version appended fields. */
        int versionZeroBlockLength;
        final Shape[] groups;
        final VarData[] data;
        final int[] varDataHeaderLengths;
        final boolean isFlat;
        /** Bytes after the block even when every nested group is empty and every var-data field is empty. */
        final int minimumTrailingLength;

        Shape(
            final String name,
            final int id,
            final int headerLength,
            final int blockLength,
            final Shape[] groups,
            final VarData[] data)
        {
            this.name = name;
            this.id = id;
            this.headerLength = headerLength;
            this.blockLength = blockLength;
            this.versionZeroBlockLength = blockLength;
            this.groups = groups;
            this.data = data;
            this.isFlat = 0 == groups.length && 0 == data.length;
            int trailing = 0;
            for (final Shape group : groups)
            {
                trailing += group.headerLength;
            }
            varDataHeaderLengths = new int[data.length];
            for (int i = 0; i < data.length; i++)
            {
                varDataHeaderLengths[i] = data[i].headerLength;
                trailing += data[i].headerLength;
            }
            minimumTrailingLength = trailing;
        }

        Shape versionZeroBlockLength(final int length)
        {
            versionZeroBlockLength = length;
            return this;
        }

        StringBuilder describe(final StringBuilder builder)
        {
            builder.append(name).append('(').append(id).append("){");
            if (0 != headerLength)
            {
                builder.append("header=").append(headerLength).append(',');
            }
            builder.append("block=").append(blockLength).append(",groups=[");
            for (int i = 0; i < groups.length; i++)
            {
                if (i > 0)
                {
                    builder.append(',');
                }
                groups[i].describe(builder);
            }
            builder.append("],data=[");
            for (int i = 0; i < data.length; i++)
            {
                if (i > 0)
                {
                    builder.append(',');
                }
                builder.append(data[i].name).append('(').append(data[i].id).append("):").append(data[i].headerLength);
            }

            return builder.append("]}");
        }
    }
}
