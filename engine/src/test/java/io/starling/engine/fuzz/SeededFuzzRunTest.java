package io.starling.engine.fuzz;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded, seeded run of both fuzz targets that every default build does (a few seconds), next to the Jazzer
 * regression inputs: inputs from the structured generator, blind mutations of them, and plain random bytes. The
 * same seed gives the same inputs; a failure names the seed and the input's index. The {@code slow} variants run
 * the same for much longer ({@code -Pslow}); the coverage-guided long run is Jazzer's (see docs/hostile-input.md).
 */
class SeededFuzzRunTest
{
    private static final long SEED = Long.getLong("starling.fuzz.seed", 0x5EED_F00DL);

    @Test
    void frameDecoderBoundedRun()
    {
        decoderRun(SEED, 30_000);
    }

    @Test
    void swimNodeBoundedRun()
    {
        swimNodeRun(SEED, 600);
    }

    @Tag("slow")
    @Test
    void frameDecoderLongRun()
    {
        decoderRun(SEED + 1, 3_000_000);
    }

    @Tag("slow")
    @Test
    void swimNodeLongRun()
    {
        swimNodeRun(SEED + 1, 60_000);
    }

    static FrameDecoding decoderRun(final long seed, final int inputs)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Entropy entropy = Entropy.of(random);
        final FrameGenerator generator = new FrameGenerator(
            VictimCluster.CLUSTER_ID, VictimCluster.VICTIM_ID, VictimCluster.MEMBER_IDS);
        final FrameDecoding target = new FrameDecoding();
        final List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < inputs; i++)
        {
            final byte[] input = input(random, entropy, generator, pool);
            try
            {
                target.run(input);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                throw new AssertionError("seed=" + seed + " input=" + i + " bytes=" + hex(input), ex);
            }
        }
        System.out.println("frameDecoder seed=" + seed + " inputs=" + inputs + " validator=" +
            java.util.Arrays.toString(target.validatorOutcomes) + " cipher=" +
            java.util.Arrays.toString(target.cipherOutcomes) + " messagesDecoded=" + target.messagesDecoded);
        assertTrue(target.validatorOutcomes[0] > inputs / 10, "the generator reaches past the validator");
        assertTrue(target.messagesDecoded > inputs / 10);
        return target;
    }

    static VictimCluster.Tally swimNodeRun(final long seed, final int inputs)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Entropy entropy = Entropy.of(random);
        final FrameGenerator generator = new FrameGenerator(
            VictimCluster.CLUSTER_ID, VictimCluster.VICTIM_ID, VictimCluster.MEMBER_IDS);
        final VictimCluster.Tally tally = new VictimCluster.Tally();
        final List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < inputs; i++)
        {
            final byte[] input = input(random, entropy, generator, pool);
            final boolean sealed = random.nextInt(4) == 0;
            try
            {
                new VictimCluster(tally).feed(input, sealed);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                throw new AssertionError(
                    "seed=" + seed + " input=" + i + " sealed=" + sealed + " bytes=" + hex(input), ex);
            }
        }
        System.out.println("swimNode seed=" + seed + " inputs=" + inputs + " " + tally.describe());
        assertTrue(tally.delivered > inputs / 10, "the generator reaches the protocol");
        assertTrue(tally.dropMalformed > 0 && tally.sealedRoundTrips > 0);
        return tally;
    }

    private static byte[] input(
        final SplittableRandom random, final Entropy entropy, final FrameGenerator generator, final List<byte[]> pool)
    {
        final int kind = random.nextInt(10);
        if (kind < 6 || pool.isEmpty())
        {
            final byte[] frame = generator.generate(entropy);
            if (pool.size() < 256)
            {
                pool.add(frame.clone());
            }
            else
            {
                pool.set(random.nextInt(pool.size()), frame.clone());
            }
            return frame;
        }
        if (kind < 9)
        {
            return FrameGenerator.mutate(entropy, pool.get(random.nextInt(pool.size())).clone());
        }
        return entropy.bytes(1 + random.nextInt(200));
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder b = new StringBuilder(bytes.length * 2);
        for (final byte x : bytes)
        {
            b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return b.toString();
    }
}
