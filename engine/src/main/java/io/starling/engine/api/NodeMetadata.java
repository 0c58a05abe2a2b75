package io.starling.engine.api;

import java.util.Map;

import io.starling.engine.host.Commands;

/**
 * What each hosted node announces: its name, tags and application metadata, encoded as one envelope
 * ({@link MetadataEnvelope}) and queued to the agent. An update of the metadata keeps the tags and the reverse.
 * It does not validate node indexes ({@link ApiArguments}) nor spread anything (the protocol does).
 */
final class NodeMetadata
{
    private final String nodeName;
    private final byte[][] metadata;
    private final byte[][] tagBlocks;

    NodeMetadata(final StarlingEngine.Context ctx)
    {
        final int nodeCount = ctx.nodeIds().length;
        this.nodeName = ctx.nodeName();
        this.metadata = new byte[nodeCount][];
        this.tagBlocks = new byte[nodeCount][];
        final byte[] tagBlock = MetadataEnvelope.tagBlock(ctx.tags());
        for (int i = 0; i < nodeCount; i++)
        {
            metadata[i] = null == ctx.metadata() ? new byte[0] : ctx.metadata();
            tagBlocks[i] = tagBlock;
        }
    }

    /**
     * Queue every node's first envelope, read by the agent before it starts the nodes, so each node joins with it.
     *
     * @param ctx      the concluded context: nothing is queued without a name, tags or metadata.
     * @param commands the command queue, not yet read.
     * @throws IllegalArgumentException when the envelopes do not fit the command queue.
     */
    void offerInitial(final StarlingEngine.Context ctx, final Commands commands)
    {
        if (null == ctx.metadata() && null == nodeName && ctx.tags().isEmpty())
        {
            return;
        }
        for (int i = 0; i < metadata.length; i++)
        {
            final byte[] raw = MetadataEnvelope.encode(nameBytes(i), tagBlocks[i], metadata[i]);
            if (!commands.updateMetadata(i, raw, 0, raw.length))
            {
                throw new IllegalArgumentException("metadata of " + metadata.length +
                    " nodes does not fit the command queue: raise commandQueueCapacityBytes");
            }
        }
    }

    /**
     * @param nodeIndex index of the hosted node, already checked.
     * @param newMetadata the new application metadata (owned from now on), or null to keep it.
     * @param tags        the new tags, or null to keep them.
     * @param proxy       queues the envelope.
     * @return false if the command queue is full (nothing changed).
     * @throws IllegalArgumentException when name, tags and metadata together exceed the limit or a tag is bad.
     */
    boolean offer(final int nodeIndex, final byte[] newMetadata, final Map<String, String> tags, final AgentProxy proxy)
    {
        final byte[] tagBlock = null == tags ? null : MetadataEnvelope.tagBlock(tags);
        synchronized (metadata)
        {
            final byte[] nextMetadata = null == newMetadata ? metadata[nodeIndex] : newMetadata;
            final byte[] nextTags = null == tagBlock ? tagBlocks[nodeIndex] : tagBlock;
            if (!proxy.updateMetadata(nodeIndex, MetadataEnvelope.encode(nameBytes(nodeIndex), nextTags, nextMetadata)))
            {
                return false;
            }
            metadata[nodeIndex] = nextMetadata;
            tagBlocks[nodeIndex] = nextTags;
            return true;
        }
    }

    private byte[] nameBytes(final int nodeIndex)
    {
        return MetadataEnvelope.nameBytes("nodeName",
            null == nodeName || 1 == metadata.length ? nodeName : nodeName + "-" + nodeIndex);
    }
}
