package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.function.BooleanSupplier;

import io.starling.engine.protocol.FramePacker;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;

/**
 * The event loop of a simulation: takes the earliest event from the {@link EventQueue}, moves the clock to it and
 * hands it to its node (a frame, a timer, a start) or runs it (a scenario action). An event for a crashed node is
 * dropped (frames counted against their sender, timers of an old generation discarded); an event for a paused node
 * waits until the pause ends; an event for a slow node is put off once by its delay. Each turn of a node ends with
 * the packer's flush. What happens to a node on kill, restart or pause is {@link SimNodes}'.
 */
final class SimEventLoop
{
    static final int EVENT_START = 1;
    static final int EVENT_FRAME = 2;
    static final int EVENT_TIMER = 3;
    static final int EVENT_TIMER_CANCELLED = 4;
    static final int EVENT_ACTION = 5;
    static final int TYPE_MASK = 0xFF;
    static final int FLAG_DELAYED = 0x100;

    private final Simulation sim;
    private final SimClock clock;
    private final EventQueue queue;
    private final FrameSlab slab;
    private final SimNodes nodes;
    private final FramePacker packer;
    private final SimCounters counters;
    private final SimMetrics metrics;
    private final ArrayList<SimAction> actions = new ArrayList<>();
    private final IntArrayList freeActions = new IntArrayList();

    private long eventsProcessed;
    private long timersFired;
    private long timersDiscarded;
    private long eventsDeferred;

    SimEventLoop(
        final Simulation sim,
        final SimClock clock,
        final EventQueue queue,
        final FrameSlab slab,
        final SimNodes nodes,
        final FramePacker packer,
        final SimCounters counters,
        final SimMetrics metrics)
    {
        this.sim = sim;
        this.clock = clock;
        this.queue = queue;
        this.slab = slab;
        this.nodes = nodes;
        this.packer = packer;
        this.counters = counters;
        this.metrics = metrics;
    }

    /**
     * @see Simulation#step()
     */
    boolean step()
    {
        final long timeNs = queue.peekTimeNs();
        final int slot = queue.poll();
        if (slot < 0)
        {
            return false;
        }
        clock.advanceTo(timeNs);
        final long nowNs = clock.nowNs();
        eventsProcessed++;

        final int typeAndFlags = queue.type(slot);
        final int type = typeAndFlags & TYPE_MASK;
        if (EVENT_TIMER_CANCELLED == type)
        {
            queue.free(slot);
            return true;
        }
        if (EVENT_ACTION == type)
        {
            runAction(slot);
            return true;
        }

        final int node = queue.node(slot);
        if (EVENT_TIMER == type && (nodes.isCrashed(node) || queue.c(slot) != nodes.generation(node)))
        {
            timersDiscarded++;
            queue.free(slot);
            return true;
        }
        if (EVENT_FRAME == type && !nodes.isLive(node))
        {
            counters.count(queue.a(slot), TransportCounters.DROP_NOT_CONNECTED);
            slab.release(queue.b(slot));
            queue.free(slot);
            return true;
        }
        if (EVENT_START == type && (nodes.isCrashed(node) || nodes.isStarted(node)))
        {
            queue.free(slot);
            return true;
        }
        final long pausedUntilNs = nodes.pausedUntilNs(node);
        if (pausedUntilNs > nowNs)
        {
            eventsDeferred++;
            queue.push(pausedUntilNs, slot);
            return true;
        }
        if (0 == (typeAndFlags & FLAG_DELAYED))
        {
            final long delayNs = nodes.delayNs(node, EVENT_FRAME == type);
            if (delayNs > 0)
            {
                eventsDeferred++;
                queue.type(slot, typeAndFlags | FLAG_DELAYED);
                queue.push(nowNs + delayNs, slot);
                return true;
            }
        }

        counters.currentNode(node);
        switch (type)
        {
            case EVENT_FRAME:
                deliverFrame(slot, node, nowNs);
                break;

            case EVENT_TIMER:
            {
                final int kind = queue.a(slot);
                final int arg = queue.b(slot);
                final long timerId = SimTimers.timerId(queue, slot);
                queue.free(slot);
                timersFired++;
                nodes.node(node).onTimer(nowNs, timerId, kind, arg);
                packer.flush();
                break;
            }

            case EVENT_START:
                queue.free(slot);
                nodes.start(node);
                break;

            default:
                queue.free(slot);
                throw new IllegalStateException("unknown event type " + type);
        }
        counters.currentNode(-1);
        return true;
    }

    /**
     * @see Simulation#runUntil(long)
     */
    void runUntil(final long timeNs)
    {
        while (!queue.isEmpty() && queue.peekTimeNs() <= timeNs)
        {
            step();
        }
        clock.advanceTo(timeNs);
    }

    /**
     * @see Simulation#runUntil(long, BooleanSupplier)
     */
    boolean runUntil(final long timeNs, final BooleanSupplier condition)
    {
        if (condition.getAsBoolean())
        {
            return true;
        }
        while (!queue.isEmpty() && queue.peekTimeNs() <= timeNs)
        {
            step();
            if (condition.getAsBoolean())
            {
                return true;
            }
        }
        clock.advanceTo(timeNs);
        return false;
    }

    /**
     * @see Simulation#schedule(long, SimAction)
     */
    void schedule(final long atNs, final SimAction action)
    {
        final int index;
        if (freeActions.isEmpty())
        {
            index = actions.size();
            actions.add(action);
        }
        else
        {
            index = freeActions.popInt();
            actions.set(index, action);
        }
        queue.push(Math.max(atNs, clock.nowNs()), queue.allocate(EVENT_ACTION, -1, index, 0, 0));
    }

    long eventsProcessed()
    {
        return eventsProcessed;
    }

    long timersFired()
    {
        return timersFired;
    }

    long timersDiscarded()
    {
        return timersDiscarded;
    }

    long eventsDeferred()
    {
        return eventsDeferred;
    }

    private void deliverFrame(final int slot, final int node, final long nowNs)
    {
        final int chunk = queue.b(slot);
        final int length = queue.c(slot);
        final int offset = slab.offset(chunk);
        final DirectBuffer buffer = slab.buffer();
        metrics.onFrameDelivered(nowNs, node, buffer, offset, length);
        nodes.node(node).onFrame(nowNs, buffer, offset, length);
        packer.flush();
        slab.release(chunk);
        queue.free(slot);
    }

    private void runAction(final int slot)
    {
        final int index = queue.a(slot);
        queue.free(slot);
        final SimAction action = actions.get(index);
        actions.set(index, null);
        freeActions.addInt(index);
        action.run(sim);
    }
}
