package io.starling.engine.api;

/**
 * Checks of the embedding API's arguments, on the caller's thread before anything is queued: each failure is an
 * {@link IllegalArgumentException} (or {@link IllegalStateException} for a feature not launched) with one line naming
 * the argument. It does not check settings ({@link StarlingEngineContext#conclude()} does) nor encode commands.
 */
final class ApiArguments
{
    private ApiArguments()
    {
    }

    static void checkNodeIndex(final int nodeIndex, final int nodeCount)
    {
        if (nodeIndex < 0 || nodeIndex >= nodeCount)
        {
            throw new IllegalArgumentException("nodeIndex=" + nodeIndex + " must be in [0, " + nodeCount + ")");
        }
    }

    static void checkReplication(final ReplicationStack replication, final int nodeIndex)
    {
        if (null == replication)
        {
            throw new IllegalStateException("replication is off: launch with Context.replicationEnabled(true)");
        }
        checkNodeIndex(nodeIndex, replication.nodeCount());
    }

    static void checkKey(final byte[] key)
    {
        if (key.length < 1 || key.length > StarlingEngine.MAX_KEY_BYTES)
        {
            throw new IllegalArgumentException(
                "key length=" + key.length + " must be in [1, " + StarlingEngine.MAX_KEY_BYTES + "]");
        }
        if (0 == key[0])
        {
            throw new IllegalArgumentException("keys starting with byte 0x00 are reserved");
        }
    }

    /**
     * @param what   "value" or "broadcast payload".
     * @param length its length in bytes.
     */
    static void checkValueLength(final String what, final int length)
    {
        if (length > StarlingEngine.MAX_VALUE_BYTES)
        {
            throw new IllegalArgumentException(
                what + " length=" + length + " must be at most " + StarlingEngine.MAX_VALUE_BYTES);
        }
    }

    static void checkPositive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + "=" + value + " must be positive");
        }
    }
}
