package io.starling.engine.scenario;

import java.util.stream.LongStream;

/**
 * The seeds every simulator scenario runs over: a scenario is a property of the protocol, not of one seed's luck.
 * The default build runs 10 ({@code starling.test.seeds}, set by the root pom); {@code -Pslow} runs 30. Seeds are
 * 1, 2, ... so a failure names the seed that replays it.
 */
final class Seeds
{
    static final int DEFAULT_COUNT = 10;

    private Seeds()
    {
    }

    /**
     * @return the seeds for this build, for {@code @MethodSource("io.starling.engine.scenario.Seeds#seeds")}.
     */
    static LongStream seeds()
    {
        return LongStream.rangeClosed(1, count());
    }

    static int count()
    {
        return Integer.getInteger("starling.test.seeds", DEFAULT_COUNT);
    }
}
