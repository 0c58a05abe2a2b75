package io.starling.engine.schedule;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactPlanTest
{
    private static final long S = 1_000_000_000L;

    private static final List<String> ION = List.of(
        "# two satellites and a ground station",
        "m production 1000000",
        "a contact +0 +600 1 2 100000",
        "a contact +0 +600 2 1 100000",
        "a contact +120 +420 2 3 12500 0.9",
        "a contact +120 +420 3 2 12500",
        "a range +0 +300 1 2 0.0125",
        "a range +300 +600 1 2 0.0141",
        "a range +100 +500 3 2 0.004");

    private static final List<String> CSV = List.of(
        "start_s,stop_s,from,to,latency_ms,loss",
        "0,300,1,2,12.5,0",
        "300,600,1,2,14.1,0",
        "0,300,2,1,12.5,0",
        "300,600,2,1,14.1,0",
        "120,420,2,3,4,0",
        "120,420,3,2,4,0");

    @Test
    void ionAndCsvFormsOfOnePlanGiveTheSameSchedule()
    {
        final LinkSchedule ion = ContactPlan.parseIon("plan.ion", ION);
        final LinkSchedule csv = ContactPlan.parseCsv("plan.csv", CSV);
        assertEquals(csv, ion);
        assertEquals(3, ion.nodeCount());
        assertEquals(6, ion.windowCount());
        assertEquals(600 * S, ion.endNs());
        assertTrue(ContactPlan.isIon(ION));
        assertFalse(ContactPlan.isIon(CSV));
    }

    @Test
    void writtenPlansReadBackUnchanged() throws Exception
    {
        final LinkSchedule schedule = ContactPlan.parseCsv("plan.csv", CSV);
        final StringBuilder csv = new StringBuilder();
        ContactPlan.writeCsv(schedule, csv);
        assertEquals(schedule, ContactPlan.parseCsv("again.csv", List.of(csv.toString().split("\n"))));
        final StringBuilder ion = new StringBuilder();
        ContactPlan.writeIon(schedule, 100_000, ion);
        assertEquals(schedule, ContactPlan.parseIon("again.ion", List.of(ion.toString().split("\n"))));
    }

    @Test
    void touchingWindowsOfEqualLinksMerge()
    {
        final LinkSchedule merged = ContactPlan.parseCsv("a.csv", List.of("0,10,1,2,5,0.1", "10,20,1,2,5,0.1"));
        assertEquals(1, merged.windowCount());
        assertEquals(20 * S, merged.stopNs(0));
    }

    @Test
    void badIonLinesNameTheLineAndTheField()
    {
        assertError("p.ion:2: field STOP", () -> ContactPlan.parseIon("p.ion", List.of("#", "a contact +10 +5 1 2 100")));
        assertError("p.ion:1: field FROM", () -> ContactPlan.parseIon("p.ion", List.of("a contact +0 +5 x 2 100")));
        assertError("p.ion:1: field RATE", () -> ContactPlan.parseIon("p.ion", List.of("a contact +0 +5 1 2 0")));
        assertError("p.ion:1: field START", () -> ContactPlan.parseIon("p.ion",
            List.of("a contact 2026/01/01-00:00:00 +5 1 2 10")));
        assertError("p.ion:1: field OWLT", () -> ContactPlan.parseIon("p.ion", List.of("a range +0 +5 1 2 -1")));
        assertError("p.ion:1: field fields", () -> ContactPlan.parseIon("p.ion", List.of("a range +0 +5 1 2")));
        assertError("p.ion:1: field command", () -> ContactPlan.parseIon("p.ion", List.of("a plan 1 2")));
        assertError("p.ion:1: field command", () -> ContactPlan.parseIon("p.ion", List.of("q")));
        assertError("p.ion:2: field START", () -> ContactPlan.parseIon("p.ion",
            List.of("a range +0 +10 1 2 1", "a range +5 +20 2 1 1")));
        assertError("p.ion:1: field TO", () -> ContactPlan.parseIon("p.ion", List.of("a contact +0 +5 2 2 10")));
    }

    @Test
    void badCsvLinesNameTheLineAndTheField()
    {
        assertError("p.csv:3: field latency_ms",
            () -> ContactPlan.parseCsv("p.csv", List.of(ContactPlan.CSV_HEADER, "0,1,1,2,3,0", "0,1,2,1,abc,0")));
        assertError("p.csv:1: field loss", () -> ContactPlan.parseCsv("p.csv", List.of("0,1,1,2,3,1.5")));
        assertError("p.csv:1: field stop_s", () -> ContactPlan.parseCsv("p.csv", List.of("4,1,1,2,3,0")));
        assertError("p.csv:1: field start_s", () -> ContactPlan.parseCsv("p.csv", List.of("-4,1,1,2,3,0")));
        assertError("p.csv:2: field to", () -> ContactPlan.parseCsv("p.csv", List.of("# c", "0,1,1")));
        assertError("p.csv:1: field from", () -> ContactPlan.parseCsv("p.csv", List.of("0,1,-3,2,3,0")));
        assertError("p.csv:1: field header", () -> ContactPlan.parseCsv("p.csv", List.of("start,stop,a,b,c,d")));
        assertError("p.csv: field start_s", () -> ContactPlan.parseCsv("p.csv", List.of("0,10,1,2,3,0", "5,15,1,2,3,0")));
    }

    @Test
    void aNodesLineKeepsNodesWithoutLinksInThePlanSoNodeKIsPlanNodeK() throws Exception
    {
        // satellites 1 to 4 and station 5; satellite 2 passes the station in no window of the plan
        final List<String> csv = List.of("# nodes: 1-5", ContactPlan.CSV_HEADER, "0,60,1,5,4,0", "0,60,5,1,4,0",
            "100,160,3,5,4,0", "100,160,5,3,4,0", "200,260,4,5,4,0", "200,260,5,4,4,0");
        final LinkSchedule withLine = ContactPlan.parseCsv("p.csv", csv);
        assertEquals(5, withLine.nodeCount());
        for (int k = 1; k <= 5; k++)
        {
            assertEquals(k, withLine.nodeNumber(k - 1));
        }
        // without the line node 2 is not in the plan and every later number shifts down one index
        final LinkSchedule without = ContactPlan.parseCsv("p.csv", csv.subList(1, csv.size()));
        assertEquals(4, without.nodeCount());
        assertEquals(3, without.nodeNumber(1));

        final List<String> ion = List.of("#  nodes:1,2 3-5 ", "a contact +0 +60 1 5 1", "a contact +0 +60 5 1 1",
            "a contact +100 +160 3 5 1", "a contact +100 +160 5 3 1", "a contact +200 +260 4 5 1",
            "a contact +200 +260 5 4 1", "a range +0 +260 1 5 0.004", "a range +0 +260 3 5 0.004",
            "a range +0 +260 4 5 0.004");
        assertEquals(withLine, ContactPlan.parseIon("p.ion", ion));

        final StringBuilder written = new StringBuilder();
        ContactPlan.writeCsv(withLine, written);
        assertTrue(written.toString().startsWith("# nodes: 1-5\n"), written::toString);
        assertEquals(withLine, ContactPlan.parseCsv("again.csv", List.of(written.toString().split("\n"))));
        final StringBuilder writtenIon = new StringBuilder();
        ContactPlan.writeIon(withLine, 100_000, writtenIon);
        assertEquals(withLine, ContactPlan.parseIon("again.ion", List.of(writtenIon.toString().split("\n"))));
        final StringBuilder sparse = new StringBuilder();
        ContactPlan.writeCsv(without, sparse);
        assertTrue(sparse.toString().startsWith("# nodes: 1,3-5\n"), sparse::toString);
    }

    @Test
    void badNodesLinesNameTheLineAndTheField()
    {
        assertError("p.csv:3: field from", () -> ContactPlan.parseCsv("p.csv",
            List.of("# nodes: 1-2", ContactPlan.CSV_HEADER, "0,1,3,2,3,0")));
        assertError("p.ion:2: field TO", () -> ContactPlan.parseIon("p.ion",
            List.of("# nodes: 1-2", "a contact +0 +1 1 7 100")));
        assertError("p.csv:2: field nodes",
            () -> ContactPlan.parseCsv("p.csv", List.of("0,1,1,2,3,0", "# nodes: 1-2")));
        assertError("p.csv:1: field nodes", () -> ContactPlan.parseCsv("p.csv", List.of("# nodes: 1-x")));
        assertError("p.csv:1: field nodes", () -> ContactPlan.parseCsv("p.csv", List.of("# nodes: 5-2")));
        assertError("p.csv:1: field nodes", () -> ContactPlan.parseCsv("p.csv", List.of("# nodes:")));
        assertError("p.csv:1: field nodes", () -> ContactPlan.parseCsv("p.csv", List.of("# nodes: 0-2000000000")));
    }

    private static void assertError(final String prefix, final Runnable parse)
    {
        final ContactPlanException ex = assertThrows(ContactPlanException.class, parse::run);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }
}
