package io.starling.engine.schedule;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedAbsenceTest
{
    private static final long S = 1_000_000_000L;

    @Test
    void aWindowEndsAndTheMemberIsJudgedAsUsualAgain()
    {
        final ExpectedAbsence table = new ExpectedAbsence();
        table.expectAbsent(42, 0, 100 * S);
        assertTrue(table.isExpectedAbsent(42, 99 * S));
        assertFalse(table.isExpectedAbsent(42, 100 * S));
        assertEquals(ExpectedAbsence.NOT_ABSENT, table.absentUntilNs(42));
        assertFalse(table.isExpectedAbsent(7, 0));
    }

    @Test
    void aWindowKeepsWhenItOpenedUntilItEnds()
    {
        final ExpectedAbsence table = new ExpectedAbsence();
        table.expectAbsent(42, 10 * S, 100 * S);
        assertEquals(10 * S, table.absentSinceNs(42));
        table.expectAbsent(42, 50 * S, 200 * S);
        assertEquals(10 * S, table.absentSinceNs(42), "an open window told again keeps its opening");
        assertEquals(200 * S, table.absentUntilNs(42));
        table.expectAbsent(42, 300 * S, 400 * S);
        assertEquals(300 * S, table.absentSinceNs(42), "after the end: a new window");
        assertFalse(table.isExpectedAbsent(42, 400 * S));
        assertEquals(ExpectedAbsence.NOT_ABSENT, table.absentSinceNs(42));
        table.expectAbsent(42, 500 * S, Long.MAX_VALUE);
        table.clear(42);
        assertEquals(ExpectedAbsence.NOT_ABSENT, table.absentSinceNs(42));
    }

    @Test
    void theScheduleTellsWhichNodesAreOutOfContactAndUntilWhen()
    {
        // satellite 1 sees station 3 in [100, 400) s, satellite 2 sees it in [300, 600) and [900, 1000) s.
        final LinkSchedule schedule = ContactPlan.parseCsv("p.csv", List.of(
            "100,400,1,3,4,0", "100,400,3,1,4,0", "300,600,2,3,4,0", "600,1000,3,2,5,0"));
        final ExpectedAbsence.NodeContacts contacts = new ExpectedAbsence.NodeContacts(schedule);
        assertEquals(100 * S, contacts.nextContactNs(0, 0));
        assertEquals(200 * S, contacts.nextContactNs(0, 200 * S));
        assertEquals(Long.MAX_VALUE, contacts.nextContactNs(0, 400 * S));
        assertEquals(650 * S, contacts.nextContactNs(1, 650 * S), "touching windows of either direction merge");

        final ExpectedAbsence table = new ExpectedAbsence();
        final long epochNs = 5 * S;
        final int[] ids = { 1001, 1002, 1003 };
        table.feed(contacts, 50 * S, epochNs, ids);
        assertEquals(epochNs + 100 * S, table.absentUntilNs(1001));
        assertEquals(epochNs + 300 * S, table.absentUntilNs(1002));
        assertEquals(epochNs + 100 * S, table.absentUntilNs(1003));
        table.feed(contacts, 350 * S, epochNs, ids);
        assertEquals(0, table.size());
        table.feed(contacts, 1000 * S, epochNs, ids);
        assertEquals(Long.MAX_VALUE, table.absentUntilNs(1001), "no further contact: no known end");
    }
}
