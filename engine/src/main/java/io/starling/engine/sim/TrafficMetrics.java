package io.starling.engine.sim;

/**
 * The traffic of a simulation: messages, frames and bytes sent (in total and per node) and delivered, and the live
 * node-time that normalises them per node per period, over the whole run or over a window started by
 * {@link #markWindow(long)}. Each count costs O(1) and allocates nothing.
 */
final class TrafficMetrics
{
    private final MemberViews views;
    private final long[] messagesByNode;
    private final long[] bytesByNode;
    private long messagesSent;
    private long framesSent;
    private long bytesSent;
    private long framesDelivered;
    private long bytesDelivered;
    private long liveNodeNs;
    private long lastLiveChangeNs;
    private long markMessagesSent;
    private long markFramesSent;
    private long markBytesSent;
    private long markLiveNodeNs;
    private long markNs;

    TrafficMetrics(final int nodeCount, final MemberViews views)
    {
        this.views = views;
        messagesByNode = new long[nodeCount];
        bytesByNode = new long[nodeCount];
    }

    /**
     * Add the live node-time up to now; call before the count of live nodes changes.
     */
    void accrueLiveTime(final long nowNs)
    {
        liveNodeNs += (long)views.liveCount() * (nowNs - lastLiveChangeNs);
        lastLiveChangeNs = nowNs;
    }

    void onFrameSent(final int srcNode, final int lengthBytes)
    {
        framesSent++;
        bytesSent += lengthBytes;
        bytesByNode[srcNode] += lengthBytes;
    }

    void onMessagesSent(final int srcNode, final long count)
    {
        messagesSent += count;
        if (srcNode >= 0)
        {
            messagesByNode[srcNode] += count;
        }
    }

    void onFrameDelivered(final int length)
    {
        framesDelivered++;
        bytesDelivered += length;
    }

    long messagesSent()
    {
        return messagesSent;
    }

    long framesSent()
    {
        return framesSent;
    }

    long bytesSent()
    {
        return bytesSent;
    }

    long framesDelivered()
    {
        return framesDelivered;
    }

    long bytesDelivered()
    {
        return bytesDelivered;
    }

    long messagesSent(final int node)
    {
        return messagesByNode[node];
    }

    long bytesSent(final int node)
    {
        return bytesByNode[node];
    }

    long liveNodeNs(final long nowNs)
    {
        return liveNodeNs + (long)views.liveCount() * (nowNs - lastLiveChangeNs);
    }

    void markWindow(final long nowNs)
    {
        markMessagesSent = messagesSent;
        markFramesSent = framesSent;
        markBytesSent = bytesSent;
        markLiveNodeNs = liveNodeNs(nowNs);
        markNs = nowNs;
    }

    long windowLiveNodeNs(final long nowNs)
    {
        return liveNodeNs(nowNs) - markLiveNodeNs;
    }

    long windowStartNs()
    {
        return markNs;
    }

    double messagesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(messagesSent - markMessagesSent, nowNs, periodNs);
    }

    double framesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(framesSent - markFramesSent, nowNs, periodNs);
    }

    double bytesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(bytesSent - markBytesSent, nowNs, periodNs);
    }

    private double perNodePeriod(final long amount, final long nowNs, final long periodNs)
    {
        final long nodeNs = liveNodeNs(nowNs) - markLiveNodeNs;
        return nodeNs <= 0 ? 0.0 : amount / ((double)nodeNs / periodNs);
    }
}
