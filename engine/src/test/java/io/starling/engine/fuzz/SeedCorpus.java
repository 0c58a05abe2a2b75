package io.starling.engine.fuzz;

import io.starling.codecs.FrameValidator;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;

/**
 * Writes the seed (regression) inputs of the Jazzer fuzz tests: one valid frame per template from the structured
 * generator with a fixed seed, and one rejected frame per validator reason. Run once by hand (see
 * docs/hostile-input.md); the files are committed.
 */
final class SeedCorpus
{
    private SeedCorpus()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path root = Paths.get(args.length > 0 ? args[0] : "src/test/resources/io/starling/engine/fuzz");
        final Path decoder = Files.createDirectories(root.resolve("FrameDecoderFuzzTestInputs"));
        final Path swim = Files.createDirectories(root.resolve("SwimNodeFuzzTestInputs"));
        final FrameGenerator generator = new FrameGenerator(
            VictimCluster.CLUSTER_ID, VictimCluster.VICTIM_ID, VictimCluster.MEMBER_IDS);
        final Entropy entropy = Entropy.of(new SplittableRandom(20_261_121L));
        final FrameValidator validator = new FrameValidator(64);
        final boolean[] templateSeen = new boolean[16];
        final boolean[] reasonSeen = new boolean[FrameValidator.REASON_COUNT];
        int written = 0;
        for (int i = 0; i < 100_000 && written < 40; i++)
        {
            final byte[] frame = generator.generate(entropy);
            final int reason = validator.validate(new UnsafeBuffer(frame), 0, frame.length);
            String name = null;
            if (FrameValidator.OK == reason)
            {
                final int template = validator.templateId(0);
                if (template < templateSeen.length && !templateSeen[template] && frame.length <= 1376)
                {
                    templateSeen[template] = true;
                    name = "valid-template-" + template;
                }
            }
            else if (!reasonSeen[reason])
            {
                reasonSeen[reason] = true;
                name = "rejected-" + FrameValidator.reasonName(reason).toLowerCase();
            }
            if (null != name)
            {
                Files.write(decoder.resolve(name), frame);
                Files.write(swim.resolve(name), frame);
                written++;
            }
        }
        System.out.println("wrote " + written + " seeds to " + root);
    }
}
