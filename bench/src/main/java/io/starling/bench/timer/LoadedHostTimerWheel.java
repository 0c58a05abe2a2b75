package io.starling.bench.timer;

import io.starling.engine.host.TimerWheelService;

/**
 * The host's own {@link TimerWheelService} (hashed wheel with linked spokes, O(1) schedule and cancel) at the
 * engine's default settings (2^20 ns ticks, about 1.05 ms; 1,024 ticks per wheel) holding a fixed number of live
 * timers, loaded exactly like {@link LoadedTimerWheel}: deadlines spread evenly over one revolution and every
 * expired timer scheduled again one revolution later. Allocation free after construction.
 */
public final class LoadedHostTimerWheel implements LoadedWheel, TimerWheelService.Listener
{
    /** Tick length: the engine's default, 2^20 ns. */
    public static final long TICK_NS = 1L << 20;
    /** Ticks per wheel revolution: the engine's default. */
    public static final int TICKS_PER_WHEEL = 1_024;
    /** How far ahead an expired timer is scheduled again: one revolution. */
    public static final long PERIOD_NS = TICK_NS * TICKS_PER_WHEEL;

    private final TimerWheelService wheel;
    private final long[] offsetsNs;
    private final int offsetMask;
    private long nowNs;
    private int nextOffset;
    private long expired;

    /**
     * @param timers live timers to hold.
     */
    public LoadedHostTimerWheel(final int timers)
    {
        wheel = new TimerWheelService(0, TICK_NS, TICKS_PER_WHEEL, timers * 2, this);
        for (int i = 0; i < timers; i++)
        {
            wheel.scheduleTimer(i & 0xFFFF, 1, i & 0xFF_FFFF, TICK_NS * (1 + (i % TICKS_PER_WHEEL)));
        }
        offsetsNs = new long[4_096];
        offsetMask = offsetsNs.length - 1;
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < offsetsNs.length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            offsetsNs[i] = TICK_NS * (1 + Math.floorMod(x, 4L * TICKS_PER_WHEEL));
        }
    }

    public boolean scheduleAndCancel()
    {
        final long timerId = wheel.scheduleTimer(0, 2, 0, nowNs + offsetsNs[nextOffset++ & offsetMask]);
        return wheel.cancelTimer(timerId);
    }

    public int advanceOneTick()
    {
        nowNs += TICK_NS;
        return wheel.poll(nowNs);
    }

    public int pollIdle()
    {
        return wheel.poll(nowNs);
    }

    public void onTimer(final long nowNs, final long timerId, final int nodeIndex, final int kind, final int arg)
    {
        expired++;
        wheel.scheduleTimer(nodeIndex, kind, arg, nowNs + PERIOD_NS);
    }

    public long timerCount()
    {
        return wheel.activeTimers();
    }

    public long expired()
    {
        return expired;
    }
}
