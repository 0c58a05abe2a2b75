package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lifeguard's confirmations must be independent: nodes hosted by one process (one endpoint) share its stalls and
 * its links, so they count once.
 */
class SuspicionTest
{
    private static final int SELF_IPV4 = 0x0A000001;
    private static final int OTHER_IPV4 = 0x0A000002;

    private long lastSuspicionDeadlineNs = -1;

    private final TimerService timers = new TimerService()
    {
        private long nextId = 1;

        public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
        {
            if (NodeTimers.SUSPICION == kind)
            {
                lastSuspicionDeadlineNs = deadlineNs;
            }
            return nextId++;
        }

        public boolean cancelTimer(final long timerId)
        {
            return true;
        }
    };

    @Test
    void confirmationsFromOneProcessCountOnceAndDistinctEndpointsCountEach()
    {
        final ProtocolConfig config = new ProtocolConfig().lifeguardEnabled(true).conclude();
        final MemberDirectory directory = new MemberDirectory(16);
        final int selfSlot = directory.registerHosted(100, SELF_IPV4, 7000);
        final LocalNode self = new LocalNode(config, 0, 100, SELF_IPV4, 7000, selfSlot);
        self.liveCount = 50;
        final int suspect = directory.register(200, OTHER_IPV4, 7001);
        for (int id = 300; id < 304; id++)
        {
            directory.register(id, OTHER_IPV4, 7002); // four nodes of one process
        }
        directory.register(400, OTHER_IPV4, 7003);
        directory.register(401, OTHER_IPV4 + 1, 7002);

        final Suspicion suspicion = suspicion(config, self, directory,
            new MembershipTable(directory.capacity()), new DisseminationQueue(64, 64), timers);

        final long startNs = 1_000_000_000L;
        suspicion.start(startNs, suspect, 5, 300);
        final long unconfirmedNs = startNs + suspicion.timeoutNs(0);
        assertEquals(unconfirmedNs, lastSuspicionDeadlineNs);

        suspicion.confirm(startNs + 1, suspect, 301);
        suspicion.confirm(startNs + 2, suspect, 302);
        suspicion.confirm(startNs + 3, suspect, 303);
        assertEquals(unconfirmedNs, lastSuspicionDeadlineNs, "nodes of the suspecting process do not confirm it");

        suspicion.confirm(startNs + 4, suspect, 400);
        assertEquals(startNs + suspicion.timeoutNs(1), lastSuspicionDeadlineNs, "another port is another process");
        suspicion.confirm(startNs + 5, suspect, 401);
        assertEquals(startNs + suspicion.timeoutNs(2), lastSuspicionDeadlineNs, "another address too");
        assertTrue(suspicion.timeoutNs(2) < suspicion.timeoutNs(0));
    }

    /**
     * An emulation's co-hosted nodes stand for separate hosts: with confirmations counted by node, the four nodes of
     * one process confirm four times (counted by endpoint they confirmed once, and a one-process emulation held
     * every suspicion to its longest timeout: deaths 36 s after the kill instead of the simulator's 7 s).
     */
    @Test
    void confirmationsCountPerNodeWhenAnEmulationAsksForIt()
    {
        final ProtocolConfig config =
            new ProtocolConfig().lifeguardEnabled(true).confirmationsByEndpoint(false).conclude();
        final MemberDirectory directory = new MemberDirectory(16);
        final int selfSlot = directory.registerHosted(100, SELF_IPV4, 7000);
        final LocalNode self = new LocalNode(config, 0, 100, SELF_IPV4, 7000, selfSlot);
        self.liveCount = 50;
        final int suspect = directory.register(200, SELF_IPV4, 7000);
        for (int id = 300; id < 304; id++)
        {
            directory.register(id, SELF_IPV4, 7000); // co-hosted with the observer and the suspect
        }
        final Suspicion suspicion = suspicion(config, self, directory,
            new MembershipTable(directory.capacity()), new DisseminationQueue(64, 64), timers);

        final long startNs = 1_000_000_000L;
        suspicion.start(startNs, suspect, 5, 300);
        suspicion.confirm(startNs + 1, suspect, 300);
        assertEquals(startNs + suspicion.timeoutNs(0), lastSuspicionDeadlineNs, "the suspecting node is no confirmer");
        suspicion.confirm(startNs + 2, suspect, 301);
        assertEquals(startNs + suspicion.timeoutNs(1), lastSuspicionDeadlineNs);
        suspicion.confirm(startNs + 3, suspect, 301);
        assertEquals(startNs + suspicion.timeoutNs(1), lastSuspicionDeadlineNs, "one node confirms once");
        suspicion.confirm(startNs + 4, suspect, 302);
        assertEquals(startNs + suspicion.timeoutNs(2), lastSuspicionDeadlineNs, "each co-hosted node counts");
    }

    // ----------------------------------------------------- several suspicions at once (PIT survivors, docs/testing.md)

    /** Live timers of this test's fake service: id -> {kind, arg (slot), deadline}. */
    private final java.util.Map<Long, long[]> liveTimers = new java.util.HashMap<>();

    private final TimerService recordingTimers = new TimerService()
    {
        private long nextId = 1;

        public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
        {
            liveTimers.put(nextId, new long[]{kind, arg, deadlineNs});
            return nextId++;
        }

        public boolean cancelTimer(final long timerId)
        {
            return null != liveTimers.remove(timerId);
        }
    };

    private long[] timerOf(final int kind, final int slot)
    {
        long[] found = null;
        for (final long[] t : liveTimers.values())
        {
            if (t[0] == kind && t[1] == slot)
            {
                assertEquals(null, found, "one live timer of kind " + kind + " per suspected member");
                found = t;
            }
        }
        return found;
    }

    /**
     * Three suspicions open at once, each with its own confirmers: a record counts only its own confirmers, the
     * suspecting process and a process already counted do not count, confirmations beyond the expected two are
     * ignored without touching the next record, a confirmer not in the directory does not count, and each member
     * keeps exactly one suspicion timer (the old one cancelled when a confirmation moves the deadline).
     */
    @Test
    void recordsOfSeveralSuspicionsKeepTheirOwnConfirmersAndOneTimerEach()
    {
        final ProtocolConfig config = new ProtocolConfig().lifeguardEnabled(true).conclude();
        assertEquals(2, SuspicionTimeout.expectedConfirmations(config.suspicionMult()));
        final MemberDirectory directory = new MemberDirectory(16);
        final int selfSlot = directory.registerHosted(100, SELF_IPV4, 7000);
        final LocalNode self = new LocalNode(config, 0, 100, SELF_IPV4, 7000, selfSlot);
        self.liveCount = 50;
        final int[] suspects = {directory.register(200, OTHER_IPV4, 7100), directory.register(201, OTHER_IPV4, 7101),
            directory.register(202, OTHER_IPV4, 7102)};
        directory.register(300, OTHER_IPV4, 7010); // process 1, the suspecter of two
        directory.register(301, OTHER_IPV4, 7010);
        directory.register(310, OTHER_IPV4, 7011); // processes 2, 3 and 4
        directory.register(320, OTHER_IPV4, 7012);
        directory.register(330, OTHER_IPV4, 7013);

        final MembershipTable table = new MembershipTable(directory.capacity());
        final DisseminationQueue queue = new DisseminationQueue(64, 64);
        final Suspicion suspicion = suspicion(config, self, directory, table, queue, recordingTimers);

        final long startNs = 1_000_000_000L;
        for (int i = 0; i < suspects.length; i++)
        {
            table.set(suspects[i], 5, MemberState.SUSPECT, 0, 0);
            suspicion.start(startNs, suspects[i], 5, 2 == i ? 320 : 300); // suspect 2 raised by process 3
        }
        // Record 0: two independent confirmations, then a third process and the first again: ignored.
        suspicion.confirm(startNs + 1, suspects[0], 310);
        suspicion.confirm(startNs + 2, suspects[0], 320);
        assertTrue(queue.contains(suspects[0]), "an independent confirmation is spread again");
        suspicion.confirm(startNs + 3, suspects[0], 330);
        suspicion.confirm(startNs + 4, suspects[0], 310);
        // Record 1: the suspecter's own process, an unknown node, then one real confirmation.
        suspicion.confirm(startNs + 5, suspects[1], 301);
        suspicion.confirm(startNs + 6, suspects[1], 999);
        assertTrue(!queue.contains(suspects[1]), "no confirmation counted, nothing spread");
        suspicion.confirm(startNs + 7, suspects[1], 330);
        // Record 2: its suspecter's process does not confirm; process 1 (which suspected the others) does.
        suspicion.confirm(startNs + 8, suspects[2], 320);
        suspicion.confirm(startNs + 9, suspects[2], 300);

        final long[] expectedNs = {startNs + suspicion.timeoutNs(2), startNs + suspicion.timeoutNs(1),
            startNs + suspicion.timeoutNs(1)};
        for (int i = 0; i < suspects.length; i++)
        {
            assertEquals(expectedNs[i], timerOf(NodeTimers.SUSPICION, suspects[i])[2], "suspect " + i);
            assertEquals(startNs + SuspicionTimeout.checkDelayNs(config.suspicionMinTimeoutNs(50), 1, SuspicionTimeout.CHECKS),
                timerOf(NodeTimers.SUSPICION_CHECK, suspects[i])[2], "first re-check of suspect " + i);
        }
        assertEquals(6, liveTimers.size(), "a suspicion timer and a re-check timer per suspect");

        // A refuted suspicion ends: both of its timers are cancelled, the others stand.
        suspicion.cancel(suspects[1]);
        assertEquals(null, timerOf(NodeTimers.SUSPICION, suspects[1]));
        assertEquals(null, timerOf(NodeTimers.SUSPICION_CHECK, suspects[1]));
        assertEquals(4, liveTimers.size());
        // Re-opened at a newer incarnation: a fresh record, no confirmations carried over.
        suspicion.start(startNs + 10, suspects[0], 6, 310);
        assertEquals(startNs + 10 + suspicion.timeoutNs(0), timerOf(NodeTimers.SUSPICION, suspects[0])[2]);
        assertEquals(4, liveTimers.size());
        suspicion.close();
        assertEquals(0, liveTimers.size(), "close cancels every timer");
    }

    /** More suspicions at once than the records' first capacity (16): every one keeps its own deadline. */
    @Test
    void fortySuspicionsAtOnceEachKeepTheirDeadline()
    {
        final ProtocolConfig config = new ProtocolConfig().lifeguardEnabled(true).conclude();
        final MemberDirectory directory = new MemberDirectory(64);
        final int selfSlot = directory.registerHosted(100, SELF_IPV4, 7000);
        final LocalNode self = new LocalNode(config, 0, 100, SELF_IPV4, 7000, selfSlot);
        self.liveCount = 50;
        final int[] suspects = new int[40];
        for (int i = 0; i < suspects.length; i++)
        {
            suspects[i] = directory.register(200 + i, OTHER_IPV4, 7100 + i);
        }
        directory.register(300, OTHER_IPV4, 7010);
        directory.register(310, OTHER_IPV4, 7011);
        final MembershipTable table = new MembershipTable(directory.capacity());
        final DisseminationQueue queue = new DisseminationQueue(64, 64);
        final Suspicion suspicion = suspicion(config, self, directory, table, queue, recordingTimers);

        final long startNs = 1_000_000_000L;
        for (int i = 0; i < suspects.length; i++)
        {
            table.set(suspects[i], 3, MemberState.SUSPECT, 0, 0);
            suspicion.start(startNs + i, suspects[i], 3, 300);
        }
        for (int i = 0; i < suspects.length; i += 2)
        {
            suspicion.confirm(startNs + 100, suspects[i], 310);
        }
        for (int i = 0; i < suspects.length; i++)
        {
            assertEquals(startNs + i + suspicion.timeoutNs(i % 2 == 0 ? 1 : 0),
                timerOf(NodeTimers.SUSPICION, suspects[i])[2], "suspect " + i);
        }
        assertEquals(2 * suspects.length, liveTimers.size());
    }

    private static Suspicion suspicion(
        final ProtocolConfig config,
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final TimerService timerService)
    {
        final FramePacker packer = new FramePacker(
            config.clusterId(), config.frameBudgetBytes(), (a, b, c, d, e, f, g) -> {}, CounterSink.NO_OP);
        return new Suspicion(self, table, directory, queue, new NodeTimers(timerService, 0),
            new ProbeMessages(self, packer, new Piggyback(queue, table, directory)), packer, CounterSink.NO_OP);
    }
}
