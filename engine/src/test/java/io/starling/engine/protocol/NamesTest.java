package io.starling.engine.protocol;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readable names the tools print: each member state has its own name and a code outside the schema names the
 * code; every id of the protocol's counter range has a label of its own, and an id outside it is named by its number.
 */
class NamesTest
{
    @Test
    void everyMemberStateHasItsNameAndAnUnknownCodeIsNamedByItsNumber()
    {
        assertEquals("ALIVE", MemberState.name(MemberState.ALIVE));
        assertEquals("SUSPECT", MemberState.name(MemberState.SUSPECT));
        assertEquals("DEAD", MemberState.name(MemberState.DEAD));
        assertEquals("LEFT", MemberState.name(MemberState.LEFT));
        assertEquals("NONE", MemberState.name(MemberState.NONE));
        assertEquals("UNKNOWN(7)", MemberState.name(7));
    }

    @Test
    void everyCounterHasALabelOfItsOwnAndAnIdOutsideTheTableIsNamedByItsNumber()
    {
        final Set<String> labels = new HashSet<>();
        final int first = ProtocolCounters.FIRST;
        for (int id = first; id < first + ProtocolCounters.COUNT; id++)
        {
            final String label = ProtocolCounters.label(id);
            assertFalse(label.isBlank(), "counter " + id + " has an empty label");
            assertFalse(label.startsWith("counter "), "counter " + id + " has no label of its own: " + label);
            assertTrue(labels.add(label), "counter " + id + " shares its label: " + label);
        }
        assertEquals("counter " + (first - 1), ProtocolCounters.label(first - 1));
        final int past = first + ProtocolCounters.COUNT;
        assertEquals("counter " + past, ProtocolCounters.label(past));
    }
}
