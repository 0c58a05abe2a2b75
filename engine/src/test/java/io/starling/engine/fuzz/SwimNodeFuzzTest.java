package io.starling.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

/**
 * Jazzer fuzz target 2, the protocol's message handling (see {@link VictimCluster}): arbitrary bytes as a frame,
 * and frames from the structured generator (valid headers, random message bodies, some sealed and opened first).
 * In a default build both run on the empty input and the regression inputs under
 * {@code src/test/resources/io/starling/engine/fuzz/SwimNodeFuzzTestInputs}; with {@code JAZZER_FUZZ=1} one of
 * them (Jazzer fuzzes one test per run) fuzzes for {@code maxDuration}. See docs/hostile-input.md.
 */
class SwimNodeFuzzTest
{
    private static final VictimCluster.Tally TALLY = new VictimCluster.Tally();
    private static final FrameGenerator GENERATOR = new FrameGenerator(
        VictimCluster.CLUSTER_ID, VictimCluster.VICTIM_ID, VictimCluster.MEMBER_IDS);

    @AfterAll
    static void printTally()
    {
        System.out.println("SwimNodeFuzzTest " + TALLY.describe());
    }

    @FuzzTest(maxDuration = "10m")
    void rawFrames(final byte[] data)
    {
        new VictimCluster(TALLY).feed(data, false);
    }

    @FuzzTest(maxDuration = "10m")
    void structuredFrames(final FuzzedDataProvider data)
    {
        final boolean sealed = data.consumeBoolean();
        final byte[] frame = GENERATOR.generate(Entropy.of(data));
        new VictimCluster(TALLY).feed(frame, sealed);
    }
}
