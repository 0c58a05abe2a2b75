package io.starling.bench.scenario;

/**
 * Receives the send stamp carried back by one reply.
 */
@FunctionalInterface
public interface ReplyHandler
{
    /**
     * @param stampNs the stamp the request was sent with ({@link System#nanoTime()} base).
     */
    void onReply(long stampNs);
}
