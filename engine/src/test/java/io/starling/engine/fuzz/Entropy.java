package io.starling.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.util.SplittableRandom;

/**
 * Where the structured frame generator gets its choices: Jazzer's {@link FuzzedDataProvider} (coverage guided) or a
 * seeded {@link SplittableRandom} (the bounded run of the default build).
 */
interface Entropy
{
    /**
     * @return an int in [min, max].
     */
    int intIn(int min, int max);

    boolean bool();

    int anyInt();

    byte[] bytes(int maxLength);

    static Entropy of(final FuzzedDataProvider data)
    {
        return new Entropy()
        {
            public int intIn(final int min, final int max)
            {
                return data.consumeInt(min, max);
            }

            public boolean bool()
            {
                return data.consumeBoolean();
            }

            public int anyInt()
            {
                return data.consumeInt();
            }

            public byte[] bytes(final int maxLength)
            {
                return data.consumeBytes(maxLength);
            }
        };
    }

    static Entropy of(final SplittableRandom random)
    {
        return new Entropy()
        {
            public int intIn(final int min, final int max)
            {
                return min + (int)(random.nextLong((long)max - min + 1));
            }

            public boolean bool()
            {
                return random.nextBoolean();
            }

            public int anyInt()
            {
                return random.nextInt();
            }

            public byte[] bytes(final int maxLength)
            {
                final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
                random.nextBytes(bytes);
                return bytes;
            }
        };
    }
}
