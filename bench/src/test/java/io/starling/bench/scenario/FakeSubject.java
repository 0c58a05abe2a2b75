package io.starling.bench.scenario;

import java.util.ArrayDeque;

/**
 * An in-process subject that answers every request on the next poll, and can be told to stall inside one poll
 * (as a descheduled peer or a GC pause would).
 */
final class FakeSubject implements RoundTripSubject
{
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    private long stallAtPoll = -1;
    private long stallMs;
    private long polls;
    long sent;

    void stallOnce(final long atPoll, final long ms)
    {
        stallAtPoll = atPoll;
        stallMs = ms;
    }

    public String id()
    {
        return "fake";
    }

    public String description()
    {
        return "in-process echo";
    }

    public String preset()
    {
        return "none";
    }

    public int messageLengthBytes()
    {
        return 8;
    }

    public void connect(final long timeoutNs)
    {
    }

    public boolean trySend(final long stampNs)
    {
        sent++;
        inFlight.add(stampNs);
        return true;
    }

    public int poll(final ReplyHandler handler)
    {
        if (polls++ == stallAtPoll)
        {
            try
            {
                Thread.sleep(stallMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        int n = 0;
        while (!inFlight.isEmpty())
        {
            handler.onReply(inFlight.poll());
            n++;
        }
        return n;
    }

    long polls()
    {
        return polls;
    }

    public void close()
    {
    }
}
