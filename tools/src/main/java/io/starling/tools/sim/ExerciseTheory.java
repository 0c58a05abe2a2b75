package io.starling.tools.sim;

/**
 * Closed forms and mean-field recurrences for the seed's three gossip exercises, derived from message counts:
 * push gossip with a fanout, SWIM's direct and indirect probes under independent loss, and one-peer push-pull. Pure
 * functions, checked by hand-computed values in the tests; the simulator's measurements stand beside them in
 * {@link SeedExercises}.
 */
final class ExerciseTheory
{
    private ExerciseTheory()
    {
    }

    /**
     * Push gossip in synchronous rounds: every informed node pushes to {@code fanout} distinct peers drawn uniformly
     * from the N - 1 others, so an uninformed node escapes one informed node with probability 1 - f/(N-1) and
     * E[U(r+1)] = U(r) (1 - f/(N-1))^I(r), iterated on expectations (mean field).
     *
     * @param n      nodes.
     * @param fanout pushes per informed node per round.
     * @param rounds rounds to compute.
     * @return expected informed nodes after 0..rounds rounds (index 0 is the origin alone).
     */
    static double[] pushInformed(final int n, final int fanout, final int rounds)
    {
        final double[] informed = new double[rounds + 1];
        informed[0] = 1;
        final double escape = 1.0 - (double)fanout / (n - 1);
        for (int r = 1; r <= rounds; r++)
        {
            final double uninformed = n - informed[r - 1];
            informed[r] = n - uninformed * Math.pow(escape, informed[r - 1]);
        }
        return informed;
    }

    /**
     * One-peer push-pull in synchronous rounds (an exchange informs both ends if either knew): an uninformed node
     * stays so if the peer it contacts is uninformed, (1 - I/(N-1)), and no informed node contacts it,
     * (1 - 1/(N-1))^I.
     *
     * @param n      nodes.
     * @param rounds rounds to compute.
     * @return expected informed nodes after 0..rounds rounds.
     */
    static double[] pushPullInformed(final int n, final int rounds)
    {
        final double[] informed = new double[rounds + 1];
        informed[0] = 1;
        for (int r = 1; r <= rounds; r++)
        {
            final double i = informed[r - 1];
            final double uninformed = n - i;
            informed[r] = n - uninformed * (1.0 - i / (n - 1)) * Math.pow(1.0 - 1.0 / (n - 1), i);
        }
        return informed;
    }

    /**
     * One-peer push-pull with unsynchronised timers (each node starts one exchange per interval at its own phase,
     * as Cassandra's gossipers do): an uninformed node meets informed ones at rate 2I/(N-1) per interval (the
     * exchanges it starts and those started towards it), so dI/dt = 2I(N-I)/(N-1), a logistic curve
     * I(t) = N / (1 + (N-1) e^(-2Nt/(N-1))) from I(0) = 1.
     *
     * @param n     nodes.
     * @param count informed nodes to reach, in (1, N).
     * @return intervals until {@code count} nodes are informed.
     */
    static double pushPullAsyncIntervals(final int n, final double count)
    {
        final double rate = 2.0 * n / (n - 1);
        return Math.log((n - 1) * count / (n - count)) / rate;
    }

    /**
     * @param curve  informed nodes after 0, 1, 2, ... rounds.
     * @param target informed nodes to reach.
     * @return the first round whose value reaches {@code target}, or -1.
     */
    static int firstRoundReaching(final double[] curve, final double target)
    {
        for (int r = 0; r < curve.length; r++)
        {
            if (curve[r] >= target)
            {
                return r;
            }
        }
        return -1;
    }

    /**
     * The seed's approximation I(r) = N (1 - exp(-f^r / N)) solved for a fraction: r = log_f(-N ln(1 - fraction)).
     *
     * @param n        nodes.
     * @param fanout   f, above 1.
     * @param fraction informed fraction to reach.
     * @return the real-valued r (round it up for whole rounds).
     */
    static double seedFormulaRounds(final int n, final int fanout, final double fraction)
    {
        return Math.log(-n * Math.log(1.0 - fraction)) / Math.log(fanout);
    }

    /**
     * @param loss independent loss probability of one message.
     * @return probability that a direct probe of a live member gets no ack: the ping or the ack is lost (2 messages).
     */
    static double directProbeFailure(final double loss)
    {
        return 1.0 - Math.pow(1.0 - loss, 2);
    }

    /**
     * @param loss independent loss probability of one message.
     * @return probability that one indirect path fails: ping-req, ping, ack, forwarded ack (4 messages).
     */
    static double indirectPathFailure(final double loss)
    {
        return 1.0 - Math.pow(1.0 - loss, 4);
    }

    /**
     * @param loss independent loss probability of one message.
     * @param k    indirect probes.
     * @return probability that a probe round of a live member fails: the direct probe and all k paths.
     */
    static double probeRoundFailure(final double loss, final int k)
    {
        return directProbeFailure(loss) * Math.pow(indirectPathFailure(loss), k);
    }

    /**
     * @param loss   independent loss probability of one message.
     * @param target largest acceptable probability that a probe round of a live member fails.
     * @return the fewest indirect probes that bring it below {@code target}.
     */
    static int indirectProbesNeeded(final double loss, final double target)
    {
        int k = 0;
        while (probeRoundFailure(loss, k) >= target)
        {
            k++;
        }
        return k;
    }
}
