package io.starling.engine.api;

import java.util.List;
import java.util.Map;

import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The member filter of {@code members(filter)} and {@code starling members --where}: tags, state, name and id;
 * bad syntax is one line naming the column.
 */
class MemberFilterTest
{
    private static Member member(final int id, final int state, final String name, final Map<String, String> tags)
    {
        return new Member(id, state, 0, 0x7F000001, 7946, 1, new byte[0], false, name, tags);
    }

    private static final Member EDGE = member(1, MemberState.ALIVE, "kiruna-edge-1",
        Map.of("role", "edge", "station", "kiruna", "gpus", "2"));
    private static final Member EDGE_NO_GPU = member(2, MemberState.ALIVE, null, Map.of("role", "edge", "gpus", "0"));
    private static final Member EDGE_SUSPECT = member(3, MemberState.SUSPECT, null, Map.of("role", "edge", "gpus", "4"));
    private static final Member SAT_AWAY = member(4, MemberStatus.OUT_OF_CONTACT.code(), null,
        Map.of("role", "satellite", "band", "Ka"));
    private static final Member UNTAGGED_DEAD = member(5, MemberState.DEAD, null, Map.of());
    private static final List<Member> ALL = List.of(EDGE, EDGE_NO_GPU, EDGE_SUSPECT, SAT_AWAY, UNTAGGED_DEAD);

    private static List<Integer> select(final String where)
    {
        final MemberFilter filter = MemberFilter.parse(where);
        return ALL.stream().filter(filter).map(Member::nodeId).toList();
    }

    @Test
    void selectsOnTagsStateNameAndId()
    {
        assertEquals(List.of(1), select("role=edge and gpus>=1 and state=alive"));
        assertEquals(List.of(1), select("role=edge and gpus>=1 and state alive"));
        assertEquals(List.of(1, 3), select("role == edge, gpus > 1.5"));
        assertEquals(List.of(1, 2, 3, 4), select("state=live"));
        assertEquals(List.of(4), select("state=out_of_contact"));
        assertEquals(List.of(4), select("state=out-of-contact and band=Ka"));
        assertEquals(List.of(3, 4, 5), select("state!=alive"));
        assertEquals(List.of(2, 3, 4, 5), select("station!=kiruna"));
        assertEquals(List.of(1), select("station"));
        assertEquals(List.of(1), select("name=kiruna-edge-1"));
        assertEquals(List.of(4, 5), select("id>=4"));
        assertEquals(List.of(2), select("gpus<1"));
        assertEquals(List.of(), select("band>1"), "not a number: no match");
        assertEquals(ALL.size(), select("").size());
        assertEquals(ALL.size(), select("   ").size());
        assertTrue(MemberFilter.parse("role=edge").toString().contains("role=edge"));
    }

    @Test
    void badSyntaxIsOneLineNamingTheColumn()
    {
        assertBad("role=edge gpus>=1", "column 11: expected 'and' before 'gpus>=1'");
        assertBad("gpus>=many", "column 7: 'gpus>=many' needs a number");
        assertBad("gpus>=", "column 7: expected a number after 'gpus>='");
        assertBad("role=edge and", "expected a clause after 'and'");
        assertBad("state=asleep", "state must be alive, suspect, dead, left, out_of_contact or live: asleep");
        assertBad("state>1", "column 1: state takes = or !=");
        assertBad("=edge", "column 1: expected a key");
        assertBad("role=ed ge;", "column 9: expected 'and' before 'ge;'");
        assertBad("role=edge\nand x=\"1\"", "unexpected '\"'");
        assertBad("id=seven", "needs a number");
        assertBad("state", "expected an operator and a value after 'state'");
        assertFalse(assertThrows(IllegalArgumentException.class, () -> MemberFilter.parse("a=b\nc")).getMessage()
            .contains("\n"), "one line");
    }

    private static void assertBad(final String where, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> MemberFilter.parse(where), where);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }
}
