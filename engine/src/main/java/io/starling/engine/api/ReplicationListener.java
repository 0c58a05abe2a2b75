package io.starling.engine.api;

/**
 * Receives replicated key-value changes and broadcasts, on the agent thread: it must not block. The byte arrays
 * are copies the listener may keep.
 */
public interface ReplicationListener
{
    /**
     * A key changed at a hosted node: a local write, or a remote version merged in.
     *
     * @param nodeIndex index of the hosted node whose store changed.
     * @param key       the key.
     * @param values    the key's live values: one, several when concurrent writes are kept as siblings, or none
     *                  when it was deleted.
     */
    default void onKeyChange(int nodeIndex, byte[] key, byte[][] values)
    {
    }

    /**
     * A broadcast reached a hosted node (exactly once per node).
     *
     * @param nodeIndex  index of the receiving hosted node.
     * @param originNode node id of the broadcaster.
     * @param sequence   the broadcaster's sequence number for it.
     * @param payload    the payload.
     */
    default void onBroadcast(int nodeIndex, int originNode, long sequence, byte[] payload)
    {
    }

    /**
     * The outcome of a {@link StarlingEngine#put}, {@link StarlingEngine#delete} or {@link StarlingEngine#broadcast}
     * once the agent has applied it (or refused it): the call itself only queues the command.
     *
     * @param nodeIndex   index of the hosted node that wrote.
     * @param key         the key, or null for a broadcast.
     * @param accepted    true if the local store took the write and it is spreading; false if it was refused.
     * @param lamportTime Lamport time of the new version (a broadcast: its sequence number); 0 when nothing was
     *                    written (refused, or a delete of a key without a live value).
     * @param reason      why it was refused, or null.
     */
    default void onWriteResult(int nodeIndex, byte[] key, boolean accepted, long lamportTime, String reason)
    {
    }
}
