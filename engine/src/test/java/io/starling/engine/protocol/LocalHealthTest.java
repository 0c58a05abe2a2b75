package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalHealthTest
{
    @Test
    void scoreStaysWithinZeroAndMaxMinusOneAndScalesByScorePlusOne()
    {
        final LocalHealth health = new LocalHealth(new ProtocolConfig().localHealthMaxMultiplier(4).conclude());
        health.adjust(-1);
        assertEquals(0, health.score());
        health.adjust(2);
        assertEquals(2, health.score());
        assertEquals(300, health.scale(100));
        health.adjust(5);
        assertEquals(3, health.score());
        health.adjust(-1);
        assertEquals(2, health.score());
    }

    @Test
    void isAlwaysHealthyWithoutLifeguard()
    {
        final LocalHealth health = new LocalHealth(new ProtocolConfig().lifeguardEnabled(false).conclude());
        health.adjust(5);
        assertEquals(0, health.score());
        assertEquals(100, health.scale(100));
    }
}
