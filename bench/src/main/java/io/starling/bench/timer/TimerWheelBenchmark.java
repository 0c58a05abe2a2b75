package io.starling.bench.timer;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A timer wheel holding {@code timers} live timers: {@code wheel=agrona} is Agrona's {@code DeadlineTimerWheel}
 * at 1 ms ticks and 1,024 ticks per wheel ({@link LoadedTimerWheel}); {@code wheel=host} is the engine's own
 * {@code TimerWheelService} at its defaults, 2^20 ns ticks and 1,024 per wheel ({@link LoadedHostTimerWheel}):
 * <ul>
 *     <li>{@code scheduleAndCancel}: arm and disarm one timer among them;</li>
 *     <li>{@code pollTick}: advance one 1 ms tick and poll until caught up; about timers / 1,024 timers expire
 *     (97.7 for 100,000) and are scheduled again, so this is the per-millisecond cost of the timers;</li>
 *     <li>{@code pollIdle}: a poll with nothing due, paid by every duty cycle between ticks.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class TimerWheelBenchmark
{
    /** Live timers in the wheel. */
    @Param({ "100000" })
    public int timers;

    /** Which wheel: {@code agrona} or {@code host}. */
    @Param({ "agrona", "host" })
    public String wheelKind;

    private LoadedWheel wheel;

    /**
     * Fill the wheel.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        wheel = "host".equals(wheelKind) ? new LoadedHostTimerWheel(timers) : new LoadedTimerWheel(timers, 0);
    }

    /**
     * Schedule one timer and cancel it.
     *
     * @return true when the cancel found it.
     */
    @Benchmark
    public boolean scheduleAndCancel()
    {
        return wheel.scheduleAndCancel();
    }

    /**
     * One 1 ms tick of expiries.
     *
     * @return timers expired.
     */
    @Benchmark
    public int pollTick()
    {
        return wheel.advanceOneTick();
    }

    /**
     * A poll with nothing due.
     *
     * @return timers expired (0).
     */
    @Benchmark
    public int pollIdle()
    {
        return wheel.pollIdle();
    }
}
