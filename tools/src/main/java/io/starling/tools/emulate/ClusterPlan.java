package io.starling.tools.emulate;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How an emulated cluster is laid out: node ids {@code 1..N}; host {@code h} of P holds the dense range
 * {@code [h*N/P, (h+1)*N/P)}; the K victims are a seeded random choice among all ids, each hosted (in the victim
 * engine) by the host whose range holds it; every engine but host 0's main engine joins through host 0's main
 * endpoint. (Not a victim engine through its own host's main engine: the engine stops retrying its seeds once its
 * first node sees a member at any other endpoint, so a main engine that first heard of its own host's victims
 * would never join the rest of the cluster.)
 */
final class ClusterPlan
{
    /** Smallest node id. */
    static final int MEMBER_ID_BASE = 1;

    private final HostPlan[] hosts;
    private final int[] victims;
    private final int[] hostOfVictim;

    private ClusterPlan(final HostPlan[] hosts, final int[] victims, final int[] hostOfVictim)
    {
        this.hosts = hosts;
        this.victims = victims;
        this.hostOfVictim = hostOfVictim;
    }

    /**
     * @param nodes         N, at least 2.
     * @param processes     P, at most N.
     * @param kill          K, below N.
     * @param seed          chooses the victims and seeds the engines.
     * @param periodMs      protocol period.
     * @param loss          injected loss rate.
     * @param startSpreadMs start spread, or -1 for the engine's default.
     * @param basePort      first UDP port to use (consecutive ports), or 0 to take free ports.
     * @param bootstrap     start each engine's nodes knowing each other alive.
     * @param victimCandidates node indices (0-based, ascending) the victims are drawn from, or null for all.
     * @return the plan.
     * @throws IllegalArgumentException naming the flag when the victims leave a host with no node that stays up, or
     *                                  are more than the candidates.
     */
    static ClusterPlan create(
        final int nodes,
        final int processes,
        final int kill,
        final long seed,
        final long periodMs,
        final double loss,
        final long startSpreadMs,
        final int basePort,
        final boolean bootstrap,
        final int[] victimCandidates)
    {
        final int[] order = null != victimCandidates ? victimCandidates.clone() : new int[nodes];
        if (null == victimCandidates)
        {
            for (int i = 0; i < nodes; i++)
            {
                order[i] = i;
            }
        }
        if (kill > order.length)
        {
            throw new IllegalArgumentException("--kill: " + kill + " is more than the " + order.length +
                " nodes victims are drawn from");
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < kill; i++)
        {
            final int j = i + random.nextInt(order.length - i);
            final int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        final boolean[] isVictim = new boolean[nodes];
        final int[] victims = new int[kill];
        for (int i = 0; i < kill; i++)
        {
            isVictim[order[i]] = true;
        }
        for (int d = 0, k = 0; d < nodes; d++)
        {
            if (isVictim[d])
            {
                victims[k++] = MEMBER_ID_BASE + d;
            }
        }

        final HostPlan[] hosts = new HostPlan[processes];
        final int[] hostOfVictim = new int[kill];
        int portsNeeded = 0;
        for (int h = 0; h < processes; h++)
        {
            final int from = (int)((long)h * nodes / processes);
            final int to = (int)((long)(h + 1) * nodes / processes);
            final List<Integer> main = new ArrayList<>();
            final List<Integer> doomed = new ArrayList<>();
            for (int d = from; d < to; d++)
            {
                (isVictim[d] ? doomed : main).add(MEMBER_ID_BASE + d);
            }
            if (main.isEmpty())
            {
                throw new IllegalArgumentException("--kill: " + kill + " victims (seed " + seed + ") leave process " +
                    h + " of " + processes + " with no node that stays up; kill fewer or use fewer processes");
            }
            final HostPlan plan = new HostPlan();
            plan.host = h;
            plan.memberIdBase = MEMBER_ID_BASE;
            plan.memberCount = nodes;
            plan.mainIds = main.stream().mapToInt(Integer::intValue).toArray();
            plan.victimIds = doomed.stream().mapToInt(Integer::intValue).toArray();
            plan.allVictimIds = victims;
            plan.periodMs = periodMs;
            plan.loss = loss;
            plan.randomSeed = seed;
            plan.startSpreadMs = startSpreadMs;
            plan.bootstrap = bootstrap;
            hosts[h] = plan;
            portsNeeded += plan.victimIds.length > 0 ? 2 : 1;
        }
        for (int k = 0; k < kill; k++)
        {
            for (final HostPlan plan : hosts)
            {
                if (Arrays.binarySearch(plan.victimIds, victims[k]) >= 0)
                {
                    hostOfVictim[k] = plan.host;
                }
            }
        }

        final int[] ports = 0 == basePort ? freePorts(portsNeeded) : consecutive(basePort, portsNeeded);
        int p = 0;
        for (final HostPlan plan : hosts)
        {
            plan.mainPort = ports[p++];
            plan.victimPort = plan.victimIds.length > 0 ? ports[p++] : 0;
        }
        for (final HostPlan plan : hosts)
        {
            plan.seed = 0 == plan.host ? null : hosts[0].bindHost + ":" + hosts[0].mainPort;
            plan.victimSeed = hosts[0].bindHost + ":" + hosts[0].mainPort;
        }
        return new ClusterPlan(hosts, victims, hostOfVictim);
    }

    private static int[] consecutive(final int basePort, final int count)
    {
        if (basePort < 1024 || basePort + count - 1 > 65535)
        {
            throw new IllegalArgumentException("--base-port: " + basePort + " must leave " + count +
                " ports in [1024, 65535]");
        }
        final int[] ports = new int[count];
        for (int i = 0; i < count; i++)
        {
            ports[i] = basePort + i;
        }
        return ports;
    }

    /**
     * Free UDP ports on loopback, held open together while chosen so that they are distinct.
     */
    static int[] freePorts(final int count)
    {
        final DatagramSocket[] sockets = new DatagramSocket[count];
        try
        {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot find free UDP ports on loopback: " + ex.getMessage(), ex);
        }
        finally
        {
            for (final DatagramSocket socket : sockets)
            {
                if (null != socket)
                {
                    socket.close();
                }
            }
        }
    }

    HostPlan[] hosts()
    {
        return hosts;
    }

    /**
     * @return ids of the victims, ascending.
     */
    int[] victims()
    {
        return victims.clone();
    }

    /**
     * @param victimIndex index into {@link #victims()}.
     * @return the host holding that victim.
     */
    int hostOfVictim(final int victimIndex)
    {
        return hostOfVictim[victimIndex];
    }

    @Override
    public String toString()
    {
        return Arrays.toString(Arrays.stream(hosts).map(HostPlan::describe).toArray());
    }
}
