package io.starling.bench.scenario;

/**
 * Something that carries a request to a peer and its reply back: the raw Aeron ping-pong baseline, or (once the
 * real-time host is merged) a Starling node pinging a node in another process and receiving its ack. The harness
 * ({@link ClosedLoopRoundTrips}, {@link OpenLoopLoad}) owns the clock and the histogram; a subject only moves
 * messages, on the calling thread: {@link #poll} is its duty cycle (for the DENSITY preset it also runs the media
 * driver and the client conductor).
 * <p>
 * A request carries a 64-bit stamp that comes back with its reply. A subject whose wire cannot carry the stamp
 * (a Starling ping carries a 32-bit sequence) keeps a sequence-to-stamp table of its own.
 */
public interface RoundTripSubject extends AutoCloseable
{
    /**
     * @return short id used in file names and JSON: {@code raw} or {@code starling}.
     */
    String id();

    /**
     * @return one line saying what is measured.
     */
    String description();

    /**
     * @return the media driver preset, lower case: {@code density} or {@code low-latency}.
     */
    String preset();

    /**
     * @return bytes of one request on the wire above Aeron's header.
     */
    int messageLengthBytes();

    /**
     * Set up and wait until requests can flow both ways.
     *
     * @param timeoutNs how long to wait.
     * @throws IllegalStateException if the peer is not reachable in time.
     */
    void connect(long timeoutNs);

    /**
     * Send one request without blocking.
     *
     * @param stampNs stamp to carry (the intended send time for open-loop load).
     * @return false if it could not be sent now (back pressure, not connected): try again later.
     */
    boolean trySend(long stampNs);

    /**
     * One duty cycle: move bytes, deliver the replies that arrived.
     *
     * @param handler receives the stamp of each reply.
     * @return work done.
     */
    int poll(ReplyHandler handler);

    /**
     * @return what the subject counted about itself so far (lost requests, drops by reason), written into the
     * result JSON beside the distribution; empty by default.
     */
    default java.util.Map<String, Object> stats()
    {
        return java.util.Map.of();
    }

    /**
     * Stop the peer and free everything.
     */
    void close();
}
