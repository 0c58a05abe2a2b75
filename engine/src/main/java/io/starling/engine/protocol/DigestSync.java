package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.ALIVE;

/**
 * A push-pull when another node's view digest differs from this node's and this node's view has settled: the repair
 * of a view that missed a member for good. Gossip sends each update a bounded number of times; when it is saturated
 * (10,000 nodes of one process starting at once) some nodes never hear of some Joins, and the periodic push-pull that
 * repairs them comes once an interval scaled by cluster size (300 s at 10,000). Every Ping and Ack carries its sender's
 * {@link ViewDigest}: a node whose own set of live members has not changed for
 * {@link ProtocolConfig#viewSettleNs()} and that hears a different digest from a live member starts an exchange with
 * that member at once, at most once per {@link ProtocolConfig#digestSyncIntervalNs()}, under the process's state
 * budget like any push-pull. While news is still spreading the views change and no exchange starts; once views agree,
 * nothing does either, and the cost is the 8 bytes of the digest. In between (views that settle while they still
 * differ, as under churn when crash verdicts reach nodes at different times) the exchanges may take the whole state
 * budget, a view each way per exchange. Not thread safe: the node's thread.
 */
final class DigestSync
{
    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final PushPullSync pushPull;
    private final CounterSink counters;
    private long lastExchangeNs;
    private boolean exchanged;

    DigestSync(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final PushPullSync pushPull,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.pushPull = pushPull;
        this.counters = counters;
    }

    /**
     * The digest a Ping or Ack from {@code src} carried.
     *
     * @param nowNs      current time.
     * @param src        node id of the frame's sender, whose digest it is.
     * @param peerDigest its digest, or {@link ViewDigest#NONE} (a version-0 sender).
     */
    void onPeerDigest(final long nowNs, final int src, final long peerDigest)
    {
        final long intervalNs = self.config.digestSyncIntervalNs();
        if (0 == intervalNs || ViewDigest.NONE == peerDigest || peerDigest == self.digest.value() || !self.started ||
            nowNs - self.digest.changedNs() < self.config.viewSettleNs() ||
            (exchanged && nowNs - lastExchangeNs < intervalNs))
        {
            return;
        }
        final int slot = directory.slotOf(src);
        if (slot < 0 || slot == self.selfSlot || slot >= table.capacity() || ALIVE != table.state(slot))
        {
            return;
        }
        if (pushPull.exchangeWith(nowNs, slot))
        {
            lastExchangeNs = nowNs;
            exchanged = true;
            counters.increment(ProtocolCounters.PUSH_PULLS_ON_DIGEST);
        }
    }
}
