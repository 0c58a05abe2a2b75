package io.starling.engine.host;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.starling.driver.SocketWaiter;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SLEEP preset's idle strategy: it sleeps only when the agent has nothing due, for as long as the agent says,
 * and a command from another thread ends the sleep. Deadlines are 30 s: a strategy that did not wake fails by
 * timeout, not by a speed assertion.
 */
final class DeadlineIdleStrategyTest
{
    private static final long LONG_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void doesNotSleepAfterADutyCycleWithWorkOrWhenTheAgentHasWorkNow()
    {
        final AtomicLong asked = new AtomicLong();
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(SystemNanoClock.INSTANCE,
                (nowNs, limitNs) ->
                {
                    asked.incrementAndGet();
                    return nowNs;
                },
                waiter, LONG_NS, 0);
            idle.idle(3);
            assertEquals(0, asked.get());
            idle.idle(0);
            assertEquals(1, asked.get());
            assertEquals(0, idle.sleeps());
        }
    }

    @Test
    void asksForTheDeadlineNoFurtherThanTheLongestSleepAndSleepsUntilIt()
    {
        final AtomicLong limit = new AtomicLong();
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final long maxSleepNs = TimeUnit.MILLISECONDS.toNanos(5);
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(SystemNanoClock.INSTANCE,
                (nowNs, limitNs) ->
                {
                    limit.set(limitNs - nowNs);
                    return limitNs;
                },
                waiter, maxSleepNs, 0);
            idle.idle(0);
            assertEquals(maxSleepNs, limit.get());
            assertEquals(1, idle.sleeps());
        }
    }

    @Test
    @Timeout(20)
    void aSignalFromAnotherThreadEndsTheSleep() throws InterruptedException
    {
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(
                SystemNanoClock.INSTANCE, (nowNs, limitNs) -> nowNs + LONG_NS, waiter, LONG_NS, 0);
            final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            final Thread commander = new Thread(() ->
            {
                while (!done.get())
                {
                    idle.signal(); // a signal before the sleep began does nothing; one during it ends it
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            });
            commander.start();
            final long startNs = System.nanoTime();
            idle.idle(0);
            done.set(true);
            commander.join();
            assertEquals(1, idle.sleeps());
            assertTrue(System.nanoTime() - startNs < LONG_NS);
        }
    }

    /**
     * A datagram that ended a sleep comes in a burst: the next idle duty cycles yield and look again instead of
     * sleeping until a wake-up (the old strategy slept at once: the second idle() here slept too). The datagram stays
     * unread, so a sleep would return at once; the count of sleeps begun tells the decision, not any timing.
     */
    @Test
    @Timeout(20)
    void yieldsInsteadOfSleepingForADatagramBurstThenSleepsAgain() throws java.io.IOException
    {
        try (SocketWaiter waiter = new SocketWaiter();
            java.nio.channels.DatagramChannel receiver = java.nio.channels.DatagramChannel.open();
            java.nio.channels.DatagramChannel sender = java.nio.channels.DatagramChannel.open())
        {
            receiver.bind(new java.net.InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            waiter.register(receiver);
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(
                SystemNanoClock.INSTANCE, (nowNs, limitNs) -> limitNs, waiter, LONG_NS, 0);
            sender.send(java.nio.ByteBuffer.wrap(new byte[]{ 1 }), receiver.getLocalAddress());

            idle.idle(0); // sleeps; the datagram ends it
            assertEquals(1, idle.sleeps());
            assertEquals(1, idle.datagramWakes());

            for (int i = 0; i < DeadlineIdleStrategy.YIELDS_AFTER_DATAGRAM - 1; i++)
            {
                idle.idle(0);
            }
            idle.idle(1); // a duty cycle with work among them: the burst goes on, the yields start over
            for (int i = 0; i < DeadlineIdleStrategy.YIELDS_AFTER_DATAGRAM; i++)
            {
                idle.idle(0);
            }
            assertEquals(1, idle.sleeps());

            idle.idle(0); // yields used up: sleeps again (the unread datagram ends it at once)
            assertEquals(2, idle.sleeps());
        }
    }

    @Test
    void aWakeUpWithoutADatagramSleepsAgainAtOnce()
    {
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(
                SystemNanoClock.INSTANCE, (nowNs, limitNs) -> nowNs + 100_000L, waiter, LONG_NS, 0);
            idle.idle(0);
            idle.idle(0);
            assertEquals(2, idle.sleeps());
            assertEquals(0, idle.datagramWakes());
        }
    }

    /**
     * Timer slack: a sleep for a deadline lasts until the deadline plus the slack, so the timers due within the slack
     * fire in the same wake, but never past the longest sleep. The clock is the test's: the lengths asked for are
     * exact, and no assertion depends on how long a sleep really took.
     */
    @Test
    void aSleepForADeadlineLastsUntilTheDeadlinePlusTheSlackButNoLongerThanTheLongestSleep()
    {
        final long[] nowNs = { 1_000_000_000L };
        final long[] untilNs = { 0 };
        final long slackNs = TimeUnit.MILLISECONDS.toNanos(3);
        final long maxSleepNs = TimeUnit.MILLISECONDS.toNanos(20);
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(
                () -> nowNs[0], (now, limitNs) -> Math.min(limitNs, now + untilNs[0]), waiter, maxSleepNs, slackNs);
            untilNs[0] = TimeUnit.MILLISECONDS.toNanos(1);
            idle.idle(0);
            assertEquals(TimeUnit.MILLISECONDS.toNanos(4), idle.lastSleepNs());
            untilNs[0] = TimeUnit.MILLISECONDS.toNanos(19);
            idle.idle(0);
            assertEquals(maxSleepNs, idle.lastSleepNs(), "capped at the longest sleep");
            untilNs[0] = 0; // work now: no sleep at all, slack or not
            idle.idle(0);
            assertEquals(2, idle.sleeps());
        }
    }

    @Test
    void rejectsANonPositiveLongestSleepOrANegativeSlack()
    {
        try (SocketWaiter waiter = new SocketWaiter())
        {
            assertThrows(IllegalArgumentException.class,
                () -> new DeadlineIdleStrategy(SystemNanoClock.INSTANCE, (n, l) -> l, waiter, 0, 0));
            assertThrows(IllegalArgumentException.class,
                () -> new DeadlineIdleStrategy(SystemNanoClock.INSTANCE, (n, l) -> l, waiter, LONG_NS, -1));
        }
    }

    @Test
    void parsesTheCommandLineValueOrNamesTheFlag()
    {
        assertEquals(IdlePreset.SPIN, IdlePreset.parse("Spin"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> IdlePreset.parse("nap"));
        assertTrue(ex.getMessage().startsWith("--idle"), ex.getMessage());
    }

    /**
     * The sleep sits on the agent thread's path: a wait in the selector must not allocate. 500 sleeps of about 1 ms
     * after a warm-up; an allocation of even 16 bytes per sleep would show as 8,000 bytes.
     */
    @Test
    void sleepingDoesNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (SocketWaiter waiter = new SocketWaiter())
        {
            final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(
                SystemNanoClock.INSTANCE, (nowNs, limitNs) -> nowNs + 200_000L, waiter, LONG_NS, 0);
            for (int i = 0; i < 500; i++)
            {
                idle.idle(0);
            }
            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 500; i++)
            {
                idle.idle(0);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertEquals(1000, idle.sleeps());
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 500 sleeps");
        }
    }
}
