package io.starling.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz target 1, the frame decoder (see {@link FrameDecoding}). In a default build it runs on the empty
 * input and the regression inputs under {@code src/test/resources/io/starling/engine/fuzz/FrameDecoderFuzzTestInputs};
 * with {@code JAZZER_FUZZ=1} it fuzzes, coverage guided, for {@code maxDuration} (or {@code -Djazzer.max_duration}).
 * The exact commands are in docs/hostile-input.md.
 */
class FrameDecoderFuzzTest
{
    private static final FrameDecoding TARGET = new FrameDecoding();

    @FuzzTest(maxDuration = "10m")
    void decode(final byte[] data)
    {
        TARGET.run(data);
    }
}
