package io.starling.tools.sim;

/**
 * Theoretical values printed beside the measured ones.
 */
public final class SimTheory
{
    private SimTheory()
    {
    }

    /**
     * SWIM (Das, Gupta, Motivala 2002, section 3.1): with uniform random probe targets a failed member is first
     * probed by someone in a given period with probability 1 - (1 - 1/(N-1))^(N-1), about 1 - 1/e, so the expected
     * number of periods until it is first detected is e / (e - 1) = 1.582 (exact for large N; randomized
     * round-robin has the same expectation over its first round and bounds the worst case).
     *
     * @param nodes cluster size before the failure.
     * @return expected periods from failure to first detection.
     */
    public static double detectFirstPeriods(final int nodes)
    {
        if (nodes <= 2)
        {
            return 1.0;
        }
        final double missProbability = Math.pow(1.0 - 1.0 / (nodes - 1), nodes - 1);
        return 1.0 / (1.0 - missProbability);
    }

    /**
     * Infection-style dissemination (push gossip with fanout f, Pittel 1987): rounds until all N have an update,
     * log_{1+f}(N) + ln(N) / f.
     *
     * @param nodes  cluster size.
     * @param fanout gossip fanout.
     * @return expected gossip rounds.
     */
    public static double disseminationRounds(final int nodes, final int fanout)
    {
        if (nodes <= 1 || fanout <= 0)
        {
            return 0.0;
        }
        return Math.log(nodes) / Math.log(1.0 + fanout) + Math.log(nodes) / fanout;
    }

    /**
     * SWIM probe traffic per node per period: one ping sent and, on average, one ping received and acked; when
     * the direct probe fails (the ping or the ack lost: 1 - (1 - loss)^2) k relays are asked, and each indirect
     * path costs 4 messages (ping-req, relayed ping, ack, relayed ack); with Lifeguard a relay whose own probe
     * fails also sends a nack. Gossip and push-pull traffic are not included.
     *
     * @param lossRate       uniform loss rate.
     * @param indirectChecks k.
     * @param lifeguard      true if relays send nacks.
     * @return messages per node per period.
     */
    public static double swimMessagesPerNodePerPeriod(
        final double lossRate, final int indirectChecks, final boolean lifeguard)
    {
        final double directFailure = 1.0 - (1.0 - lossRate) * (1.0 - lossRate);
        double messages = 2.0 + directFailure * indirectChecks * 4.0;
        if (lifeguard)
        {
            messages += directFailure * indirectChecks * directFailure;
        }
        return messages;
    }

    /**
     * Time until every live node has a failed member DEAD: first detection, then the suspicion timeout at its
     * minimum (suspicionMult x log10(N) periods: Lifeguard's timeout shrinks to it once enough independent
     * confirmations arrive; without Lifeguard it is the fixed timeout), then dissemination of the DEAD
     * declaration. A lower estimate.
     *
     * @param nodes                  cluster size.
     * @param suspicionMinTimeoutNs  minimum suspicion timeout for N.
     * @param probeIntervalNs        protocol period.
     * @param gossipIntervalNs       gossip interval.
     * @param fanout                 gossip fanout.
     * @return periods.
     */
    public static double detectAllPeriods(
        final int nodes,
        final long suspicionMinTimeoutNs,
        final long probeIntervalNs,
        final long gossipIntervalNs,
        final int fanout)
    {
        return detectFirstPeriods(nodes) +
            (double)suspicionMinTimeoutNs / probeIntervalNs +
            disseminationRounds(nodes, fanout) * gossipIntervalNs / probeIntervalNs;
    }

    /**
     * The push-gossip (epidemic) convergence curve in synchronous rounds, mean-field: one node has the update at
     * round 0; in each round every informed node pushes it to {@code fanout} members chosen uniformly among the
     * other N - 1, so an uninformed node stays uninformed with probability (1 - f / (N - 1))^I, I the informed
     * count. Expected fraction informed after r rounds: i(r + 1) = 1 - (1 - i(r)) (1 - f / (N - 1))^(N i(r)),
     * i(0) = 1 / N (Demers et al. 1987; Pittel 1987 for the rounds to reach all: {@link #disseminationRounds}).
     * It leaves out piggybacking on probes (adds a little speed) and the retransmit limit (an update stops being
     * pushed after it; generous enough here).
     *
     * @param nodes  cluster size.
     * @param fanout gossip fanout f.
     * @param rounds number of points, round 0 to rounds - 1.
     * @return expected fraction informed by round.
     */
    public static double[] informedFractionByRound(final int nodes, final int fanout, final int rounds)
    {
        final double[] fraction = new double[rounds];
        if (rounds == 0)
        {
            return fraction;
        }
        if (nodes <= 1)
        {
            java.util.Arrays.fill(fraction, 1.0);
            return fraction;
        }
        final double miss = Math.max(0.0, 1.0 - (double)fanout / (nodes - 1));
        double i = 1.0 / nodes;
        for (int r = 0; r < rounds; r++)
        {
            fraction[r] = i;
            i = 1.0 - (1.0 - i) * Math.pow(miss, nodes * i);
        }
        return fraction;
    }

    /**
     * Push gossip without rounds: every node gossips on its own timer, at a random phase, so in aggregate each
     * informed node contacts f uniformly chosen members per gossip interval at a steady rate and an update can cross
     * several hops within one interval. Mean field, the logistic (SI epidemic) curve with time t in gossip intervals:
     * i(t) = 1 / (1 + (N - 1) e^(-f t)), i(0) = 1/N. The simulator's start jitter and real time both run this way;
     * the simulator with aligned starts runs {@link #informedFractionByRound synchronous rounds}.
     *
     * @param nodes  cluster size.
     * @param fanout gossip fanout f.
     * @param rounds number of points, t = 0 to rounds - 1 gossip intervals.
     * @return expected fraction informed by gossip interval.
     */
    public static double[] informedFractionLogistic(final int nodes, final int fanout, final int rounds)
    {
        final double[] fraction = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            fraction[r] = nodes <= 1 ? 1.0 : 1.0 / (1.0 + (nodes - 1) * Math.exp(-(double)fanout * r));
        }
        return fraction;
    }

    /**
     * Gossip intervals until the logistic curve of {@link #informedFractionLogistic} leaves one node uninformed
     * (i = 1 - 1/N): 2 ln(N - 1) / f.
     *
     * @param nodes  cluster size.
     * @param fanout gossip fanout f.
     * @return gossip intervals.
     */
    public static double asyncRoundsToAll(final int nodes, final int fanout)
    {
        return nodes <= 2 || fanout <= 0 ? 0.0 : 2.0 * Math.log(nodes - 1) / fanout;
    }
}
