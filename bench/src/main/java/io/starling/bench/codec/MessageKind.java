package io.starling.bench.codec;

/**
 * The messages {@link MessageCodecBenchmark} measures, each alone in a frame behind a FrameHeader, at the size
 * {@link MessageCases} gives it.
 */
public enum MessageKind
{
    /** Ping with no piggybacked updates (a quiet cluster). */
    PING_0,
    /** Ping with 6 updates (a probe under churn; the frame the raw Aeron baseline sends). */
    PING_6,
    /** Ping with as many updates as fit the default frame budget. */
    PING_FULL,
    /** Ack with 6 updates and an empty payload, as the protocol sends it. */
    ACK,
    /** PingReq with 6 updates. */
    PING_REQ,
    /** Nack. */
    NACK,
    /** Gossip with as many updates as fit the default frame budget. */
    GOSSIP_FULL,
    /** Join with 64 bytes of metadata. */
    JOIN,
    /** Leave. */
    LEAVE,
    /** PushPullChunk with as many members (16 bytes of metadata each) as fit the default frame budget. */
    PUSH_PULL_FULL,
    /** Rumor (user broadcast) with a 256-byte payload. */
    RUMOR,
    /** RumorAck. */
    RUMOR_ACK,
    /** MerkleDigestRequest for 4 tree nodes. */
    MERKLE_DIGEST_REQUEST,
    /** MerkleDigestResponse with the 64 children of 4 tree nodes. */
    MERKLE_DIGEST_RESPONSE,
    /** KeyRangeRequest for 8 leaves. */
    KEY_RANGE_REQUEST,
    /** KeyValueBatch of 4 entries: 3-entry vector clocks, 24-byte keys, 128-byte values. */
    KEY_VALUE_BATCH
}
