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

        final MembershipTable table = new MembershipTable(directory.capacity());
        final DisseminationQueue queue = new DisseminationQueue(64, 64);
        final FramePacker packer = new FramePacker(
            config.clusterId(), config.frameBudgetBytes(), (a, b, c, d, e, f, g) -> {}, CounterSink.NO_OP);
        final Suspicion suspicion = new Suspicion(self, table, directory, queue, new NodeTimers(timers, 0),
            new ProbeMessages(self, packer, new Piggyback(queue, table, directory)), packer, CounterSink.NO_OP);

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
        final MembershipTable table = new MembershipTable(directory.capacity());
        final DisseminationQueue queue = new DisseminationQueue(64, 64);
        final FramePacker packer = new FramePacker(
            config.clusterId(), config.frameBudgetBytes(), (a, b, c, d, e, f, g) -> {}, CounterSink.NO_OP);
        final Suspicion suspicion = new Suspicion(self, table, directory, queue, new NodeTimers(timers, 0),
            new ProbeMessages(self, packer, new Piggyback(queue, table, directory)), packer, CounterSink.NO_OP);

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
}

