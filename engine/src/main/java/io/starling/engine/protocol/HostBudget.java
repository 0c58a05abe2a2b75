package io.starling.engine.protocol;

/**
 * What every node of one process may send together, per second: Gossip messages and whole-view (state) bytes. A
 * node's own limits (lambda log N transmissions per update, the answer budget of one node) do not see its siblings, and
 * 10,000 nodes of one process that all carry the same news gossip 150,000 messages a second and send each other
 * a whole view (240 KB at 10,000 members) each time a push-pull falls due or a Join is answered: more than one
 * duty-cycle thread delivers, so frames are dropped, probes fail and false suspicions become more news. Co-hosted
 * nodes share one budget, refilled continuously from {@code nowNs}, holding {@link #BURST_NS} (100 ms) of it at most:
 * with a second's worth, a pause in demand (the last Join answered at the end of a cold start) let the deferred
 * push-pulls of thousands of nodes send 32 MiB of views in one duty cycle, which stalled the thread for a quarter of a
 * second and turned probe timeouts into 139,511 false suspicions. A request larger than the bucket goes when the
 * bucket is full and is paid back before the next one goes (the tokens go negative), so the long-run rate holds
 * whatever the sizes. What it refuses is deferred by the mechanism
 * that asked: a Gossip round is skipped (the updates still ride on probes and the next round), a periodic
 * push-pull is retried one probe interval later, an answer is the node's own entry alone (the requester retries).
 * A rate of 0 is no limit. One node per process never reaches the defaults. Not thread safe: the host's thread.
 */
public final class HostBudget
{
    /** Limits nothing and keeps no state, so it can be shared: what a node has until its host sets a budget. */
    public static final HostBudget UNLIMITED = new HostBudget(0, 0);

    /** The most of its rate a bucket holds: a burst after a pause sends no more than this much of a second's worth. */
    public static final long BURST_NS = 100_000_000L;

    private static final double NS_PER_SECOND = 1e9;

    private final TokenBucket gossip;
    private final TokenBucket state;

    /**
     * @param gossipMessagesPerSecond Gossip messages the process's nodes may send per second together (0: no limit).
     * @param stateBytesPerSecond     bytes of whole views (push-pull and Join answers, periodic push-pulls) they may
     *                                send per second together (0: no limit).
     */
    public HostBudget(final long gossipMessagesPerSecond, final long stateBytesPerSecond)
    {
        if (gossipMessagesPerSecond < 0 || stateBytesPerSecond < 0)
        {
            throw new IllegalArgumentException("gossipMessagesPerSecond=" + gossipMessagesPerSecond +
                " and stateBytesPerSecond=" + stateBytesPerSecond + " must not be negative");
        }
        this.gossip = new TokenBucket(gossipMessagesPerSecond);
        this.state = new TokenBucket(stateBytesPerSecond);
    }

    /**
     * @param nowNs    current time.
     * @param messages Gossip messages a round would send.
     * @return true if the round may go (the messages are then spent).
     */
    public boolean tryGossip(final long nowNs, final int messages)
    {
        return gossip.tryTake(nowNs, messages);
    }

    /**
     * @param nowNs current time.
     * @param bytes bytes a whole-view send would take.
     * @return true if it may go (the bytes are then spent); a view larger than the bucket goes when it is full.
     */
    public boolean tryState(final long nowNs, final long bytes)
    {
        return state.tryTake(nowNs, bytes);
    }

    /**
     * @return Gossip messages per second, 0 for no limit.
     */
    public long gossipMessagesPerSecond()
    {
        return (long)gossip.perSecond;
    }

    /**
     * @return whole-view bytes per second, 0 for no limit.
     */
    public long stateBytesPerSecond()
    {
        return (long)state.perSecond;
    }

    /**
     * Tokens refilled at {@code perSecond} from the times handed in, holding {@link #BURST_NS} of them at most; full at
     * the first call. A request is granted while the bucket holds it, or is full; the tokens then go negative by what
     * the bucket could not hold. A rate of 0 takes nothing and is always granted.
     */
    private static final class TokenBucket
    {
        private final double perSecond;
        private final double capacity;
        private double tokens;
        private long refilledNs;
        private boolean started;

        TokenBucket(final double perSecond)
        {
            this.perSecond = perSecond;
            this.capacity = perSecond * BURST_NS / NS_PER_SECOND;
        }

        boolean tryTake(final long nowNs, final double amount)
        {
            if (0 == perSecond)
            {
                return true;
            }
            if (!started)
            {
                tokens = capacity;
                refilledNs = nowNs;
                started = true;
            }
            else if (nowNs - refilledNs > 0)
            {
                tokens = Math.min(capacity, tokens + (nowNs - refilledNs) * perSecond / NS_PER_SECOND);
                refilledNs = nowNs;
            }
            if (tokens < Math.min(amount, capacity))
            {
                return false;
            }
            tokens -= amount;
            return true;
        }
    }
}
