package io.starling.engine.protocol;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 8: {@code StarlingEngine.memberState} looked a member's slot up in the directory's id map from an
 * application thread while the host's thread added and removed members, rehashing and compacting that map and
 * reusing freed slots, so a known member could read as unknown (or as another member). Here one thread plays the
 * host (strangers registered and released by the thousand: the map grows, compacts, and slots are reused) while
 * another reads 64 members that are ALIVE throughout: every read must say ALIVE.
 */
class MemberDirectoryReadersTest
{
    private static final int KNOWN = 64;

    @Test
    void aKnownMemberReadsAliveFromAnotherThreadWhileTheMapChurns() throws Exception
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final MembershipTable table = new MembershipTable(16);
        for (int i = 0; i < KNOWN; i++)
        {
            final int slot = directory.register(1_000 + i, 0x7F00_0001, 7_000);
            directory.retain(slot);
            table.ensureCapacity(directory.capacity());
            table.set(slot, 1, MemberState.ALIVE, 0, 0);
        }

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong wrongReads = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            int i = 0;
            while (!stop.get())
            {
                final int state = stateOf(directory, table, 1_000 + (i++ % KNOWN));
                reads.incrementAndGet();
                if (MemberState.ALIVE != state)
                {
                    wrongReads.incrementAndGet();
                }
            }
        }, "reader");
        reader.start();

        final int[] slots = new int[4_096];
        int stranger = 1_000_000;
        final long endNs = System.nanoTime() + 2_000_000_000L;
        int rounds = 0;
        while (System.nanoTime() - endNs < 0 || rounds < 20)
        {
            final int count = 256 << (rounds % 5);
            for (int i = 0; i < count; i++)
            {
                slots[i] = directory.register(stranger++, 0x0A00_0001, 9_000);
                directory.retain(slots[i]);
                table.ensureCapacity(directory.capacity());
                table.set(slots[i], 0, MemberState.DEAD, 0, 0);
            }
            for (int i = 0; i < count; i++)
            {
                table.set(slots[i], 0, MemberState.NONE, 0, 0);
                directory.release(slots[i]);
            }
            rounds++;
        }
        stop.set(true);
        reader.join();

        assertTrue(reads.get() > 10_000, "reads: " + reads.get());
        assertEquals(0, wrongReads.get(), wrongReads.get() + " of " + reads.get() + " reads of a member ALIVE " +
            "throughout were not ALIVE (" + rounds + " rounds of churn)");
    }

    private static int stateOf(final MemberDirectory directory, final MembershipTable table, final int memberId)
    {
        // What StarlingEngine.memberState reads. Before the fix it was directory.slotOf then table.state, which gave
        // 2,564 wrong reads of 39,999,425 in 3,825 rounds here.
        return MembershipTable.state(directory.word(table, memberId));
    }

    /**
     * {@code StarlingEngine.members()} scans slots from an application thread while the host's thread frees and
     * reuses them: an entry read across a reuse mixed two members (one's id, the other's endpoint). Every stranger
     * here has the endpoint (id, id & 0xFFFF), so a whole entry is recognisable; a scan reads each entry between
     * {@code beginRead} and {@code isReadValid} and must never see a mixed one.
     */
    @Test
    void aScanReadsEveryEntryWholeWhileSlotsAreReused() throws Exception
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong mixed = new AtomicLong();
        final AtomicLong mixedUnchecked = new AtomicLong();
        final AtomicLong entries = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            while (!stop.get())
            {
                for (int slot = 0, size = directory.size(); slot < size; slot++)
                {
                    final int uncheckedId = directory.nodeId(slot);
                    final int uncheckedIpv4 = directory.ipv4(slot);
                    final int uncheckedPort = directory.port(slot);
                    if (0 != uncheckedPort && (uncheckedIpv4 != uncheckedId || uncheckedPort != (uncheckedId & 0xFFFF)))
                    {
                        mixedUnchecked.incrementAndGet();
                    }
                    int id;
                    int ipv4;
                    int port;
                    long sequence;
                    do
                    {
                        sequence = directory.beginRead();
                        id = directory.nodeId(slot);
                        ipv4 = directory.ipv4(slot);
                        port = directory.port(slot);
                    }
                    while (!directory.isReadValid(sequence));
                    entries.incrementAndGet();
                    if (0 != port && (ipv4 != id || port != (id & 0xFFFF)))
                    {
                        mixed.incrementAndGet();
                    }
                }
            }
        }, "scanner");
        reader.start();

        final int[] slots = new int[1_024];
        int stranger = 1_000_000;
        final long endNs = System.nanoTime() + 2_000_000_000L;
        int rounds = 0;
        while (System.nanoTime() - endNs < 0 || rounds < 200)
        {
            for (int i = 0; i < slots.length; i++)
            {
                final int id = stranger++;
                slots[i] = directory.register(id, id, id & 0xFFFF);
                directory.retain(slots[i]);
            }
            for (final int slot : slots)
            {
                directory.release(slot);
            }
            rounds++;
        }
        stop.set(true);
        reader.join();

        System.out.printf("scan while slots are reused: %d entries read, %d mixed unchecked, %d mixed checked " +
            "(%d rounds)%n", entries.get(), mixedUnchecked.get(), mixed.get(), rounds);
        assertTrue(entries.get() > 10_000, "entries: " + entries.get());
        assertEquals(0, mixed.get(), mixed.get() + " of " + entries.get() + " entries read whole were mixed");
    }
}
