package io.starling.bench.aeron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import io.starling.bench.scenario.ReplyHandler;
import io.starling.bench.scenario.RoundTripSubject;
import io.starling.bench.scenario.Subjects;
import io.starling.bench.support.WireSizes;
import io.starling.driver.DriverPreset;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.api.Member;
import io.starling.engine.api.MembershipListener;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;

/**
 * Starling's side of the round-trip comparison: a request is an on-demand Starling Ping
 * ({@link StarlingEngine#ping(int, int, long, long)}) from the one node of an engine in this process to the one node
 * of a {@link StarlingPeers} engine in a child process, answered by that node's Ack; the stamp travels as the
 * ping's correlation id. This engine runs with an {@link AgentInvoker}, so {@link #poll} is one Starling duty cycle
 * on the harness's thread (with the DENSITY preset that includes the media driver and the client conductor, as
 * for the raw subject); the child busy-spins its agent, or for the {@code starling-sleep} subject sleeps with the
 * engine's default idle preset (SLEEP: woken by the datagram), so the figure shows what the default costs. Both engines keep running the protocol (probes, gossip,
 * push-pull at a 1 s period), so the measured path is the production one: command queue, SwimNode, FramePacker,
 * AeronTransport, and back through the FrameHeader routing and the Ack handler.
 */
public final class StarlingSubject implements RoundTripSubject, MembershipListener
{
    /** Protocol period of both engines: the background protocol traffic of a quiet two-node cluster. */
    public static final int PERIOD_MS = 1_000;
    private static final long PING_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final DriverPreset preset;
    private final IdlePreset childIdle;
    private PongProcess remote;
    private StarlingEngine engine;
    private AgentInvoker invoker;
    private int remoteNodeId = -1;
    private ReplyHandler handler;
    private long lost;

    /**
     * @param preset driver preset of both engines.
     */
    public StarlingSubject(final DriverPreset preset)
    {
        this(preset, IdlePreset.SPIN);
    }

    /**
     * @param preset    driver preset of both engines.
     * @param childIdle idle preset of the child engine ({@link IdlePreset#SPIN} or {@link IdlePreset#SLEEP}).
     */
    public StarlingSubject(final DriverPreset preset, final IdlePreset childIdle)
    {
        this.preset = preset;
        this.childIdle = childIdle;
    }

    public String id()
    {
        return IdlePreset.SPIN == childIdle ? Subjects.STARLING : Subjects.STARLING_SLEEP;
    }

    public String description()
    {
        return "Starling on-demand Ping to Ack between two engines with one node each, this process (driven by an " +
            "AgentInvoker on the measuring thread) and a child (busy-spinning agent), one media driver each, UDP " +
            "on loopback, " + messageLengthBytes() + "-byte Ping frames (no piggybacked updates in a quiet " +
            "cluster), protocol running at a " + PERIOD_MS + " ms period";
    }

    public String preset()
    {
        return AeronChannels.presetName(preset);
    }

    public int messageLengthBytes()
    {
        return WireSizes.pingFrameLengthBytes(0);
    }

    public void connect(final long timeoutNs)
    {
        final int remotePort = AeronChannels.freeUdpPort();
        final int localPort = AeronChannels.freeUdpPort();
        try
        {
            remote = new PongProcess(StarlingPeers.class.getName(), AeronChannels.presetName(preset),
                Integer.toString(remotePort), Integer.toString(PERIOD_MS), childIdle.name().toLowerCase());
            engine = StarlingEngine.launch(StarlingPeers.context(preset, localPort, PERIOD_MS, remotePort)
                .useAgentInvoker(true)
                .membershipListener(this));
            invoker = engine.invoker();
        }
        catch (final IOException ex)
        {
            close();
            throw new UncheckedIOException(ex);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }

        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (remoteNodeId < 0)
        {
            invoker.invoke();
            if (engine.liveMemberCount(0) >= 2)
            {
                final int self = engine.nodeIds()[0];
                for (final Member m : engine.members(0))
                {
                    if (m.nodeId() != self)
                    {
                        remoteNodeId = m.nodeId();
                    }
                }
            }
            checkDeadline(deadlineNs, "the two engines did not see each other");
        }
        // Both directions carry pings and acks before measuring starts: ten answered in a row.
        final long[] answered = new long[1];
        handler = (stampNs) -> answered[0]++;
        long correlationId = 0;
        while (answered[0] < 10)
        {
            final long before = answered[0] + lost;
            if (engine.ping(0, remoteNodeId, correlationId++, PING_TIMEOUT_NS))
            {
                while (answered[0] + lost == before)
                {
                    invoker.invoke();
                    checkDeadline(deadlineNs, "pings were not answered");
                }
            }
            checkDeadline(deadlineNs, "pings were not answered");
        }
        lost = 0;
    }

    public boolean trySend(final long stampNs)
    {
        return engine.ping(0, remoteNodeId, stampNs, PING_TIMEOUT_NS);
    }

    public int poll(final ReplyHandler handler)
    {
        this.handler = handler;
        return invoker.invoke();
    }

    public void onPingAck(final int observerId, final int memberId, final long correlationId, final long rttNs)
    {
        handler.onReply(correlationId);
    }

    public void onPingTimeout(final int observerId, final int memberId, final long correlationId)
    {
        lost++;
    }

    /**
     * @return pings that got no ack within their timeout since {@link #connect(long)}.
     */
    public long lost()
    {
        return lost;
    }

    /**
     * @return on-demand pings this engine sent, from its counters.
     */
    public long pingsSent()
    {
        return null == engine ? 0 : engine.protocolCounter(ProtocolCounters.PINGS_SENT);
    }

    public java.util.Map<String, Object> stats()
    {
        final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("pings_timed_out", lost);
        if (null != engine)
        {
            m.put("pings_sent_total", engine.protocolCounter(ProtocolCounters.PINGS_SENT));
            m.put("drop_back_pressure", engine.protocolCounter(TransportCounters.DROP_BACK_PRESSURE));
            m.put("drop_not_connected", engine.protocolCounter(TransportCounters.DROP_NOT_CONNECTED));
            m.put("drop_outbox_full", engine.protocolCounter(ProtocolCounters.DROP_OUTBOX_FULL));
            m.put("frames_sent_total", engine.protocolCounter(ProtocolCounters.FRAMES_SENT));
            m.put("bytes_sent_total", engine.protocolCounter(ProtocolCounters.BYTES_SENT));
        }
        return m;
    }

    public void close()
    {
        CloseHelper.closeAll(engine, remote);
        engine = null;
        remote = null;
    }

    private void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            close();
            throw new IllegalStateException(what + " in time");
        }
    }
}
