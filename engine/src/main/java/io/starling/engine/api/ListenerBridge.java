package io.starling.engine.api;

import java.util.function.Consumer;

import io.starling.engine.host.StarlingAgent;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.transport.Endpoints;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Turns the protocol's events into {@link MembershipListener} calls with a {@link MemberView} refilled in place,
 * tells the engine when the first hosted node has heard from another process (the join outcome), and calls
 * {@link MembershipListener#onMetadata(MemberView)} when a member's metadata bytes are held, which may be after the
 * protocol announced their version. Reports members the application expects out of contact
 * ({@link StarlingEngine#expectAbsence(int, long)}) as {@link MemberStatus#OUT_OF_CONTACT} while the window holds and
 * the observer sees them alive or suspect, with an event when the window opens and ends; the windows themselves are
 * the host's (it feeds the failure detector), this class only reports them. Runs on the agent thread; allocation
 * free except when a member's metadata arrives (its pending entry), when a window opens or ends, and once for the
 * join outcome.
 */
final class ListenerBridge implements MembershipObserver
{
    private static final long MISSING = -1;
    private static final long NO_WINDOW = Long.MIN_VALUE;
    private static final int OUT_OF_CONTACT = MemberStatus.OUT_OF_CONTACT.code();

    private final MembershipListener listener;
    private final int[] nodeIds;
    private final int localIpv4;
    private final int localPort;
    private final boolean tracksMetadata;
    private final boolean hasListener;
    private final MemberView view = new MemberView();
    private final LongHashSet pendingMetadata = new LongHashSet();
    private final Long2LongHashMap deliveredMetaVersion = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap reportedConflict = new Long2LongHashMap(MISSING);
    /** Open out-of-contact windows: member id to end on the agent's clock. Agent thread. */
    private final Long2LongHashMap windowUntilNs = new Long2LongHashMap(NO_WINDOW);
    private final IntArrayList endedWindows = new IntArrayList();
    /** Ids of the members with an open window, sorted; replaced whole on every change, read from any thread. */
    private volatile int[] outOfContactIds = new int[0];
    private Consumer<Member> joined;
    private int joinedSlot = -1;
    private StarlingAgent agent;
    private MemberDirectory directory;
    private EngineCounters counters;

    ListenerBridge(final MembershipListener listener, final int[] nodeIds, final int localIpv4, final int localPort)
    {
        this.hasListener = null != listener;
        this.listener = null == listener ? new MembershipListener()
        {
        } : listener;
        this.nodeIds = nodeIds.clone();
        this.localIpv4 = localIpv4;
        this.localPort = localPort;
        this.tracksMetadata = overrides(this.listener, "onMetadata", MemberView.class);
    }

    /**
     * Connect to the agent before it starts.
     *
     * @param agent    the host.
     * @param counters for {@link HostCounters#ID_CONFLICTS}.
     * @param joined   told once, on the agent thread, of the first member of another process the first hosted node
     *                 sees alive; null if nobody waits.
     */
    void attach(final StarlingAgent agent, final EngineCounters counters, final Consumer<Member> joined)
    {
        this.agent = agent;
        this.directory = agent.directory();
        this.counters = counters;
        this.joined = joined;
    }

    public void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        final long untilNs = windowUntilNs.isEmpty() ? NO_WINDOW : windowUntilNs.get(memberId);
        if (NO_WINDOW != untilNs && nowNs - untilNs >= 0)
        {
            endWindow(memberId); // ended before the next housekeeping: told first
        }
        if (!hasListener && (0 != nodeIndex || null == joined || joinedSlot >= 0))
        {
            return; // nobody listens: the 10^8 joins of a bootstrapped emulation cost nothing here
        }
        final int slot = directory.slotOf(memberId);
        if (slot < 0)
        {
            return;
        }
        final boolean inWindow = NO_WINDOW != untilNs && windowUntilNs.containsKey(memberId);
        final boolean wasLive = isLive(oldState);
        final boolean isLive = isLive(newState);
        final MemberView member = wrap(nodeIndex, observerId, memberId, slot,
            inWindow && wasLive ? OUT_OF_CONTACT : oldState, newState, incarnation);
        if (0 == nodeIndex && null != joined && joinedSlot < 0 && MemberState.ALIVE == newState &&
            !member.isLocal() && (member.ipv4() != localIpv4 || member.port() != localPort))
        {
            // Told at the next housekeeping, off this event (the member's metadata and name are already held).
            joinedSlot = slot;
        }
        if (inWindow && wasLive && isLive)
        {
            return; // still out of contact: alive to suspect and back are not the application's news
        }
        switch (newState)
        {
            case MemberState.ALIVE:
                if (MemberState.SUSPECT == oldState || MemberState.ALIVE == oldState)
                {
                    listener.onAlive(member);
                }
                else
                {
                    listener.onJoin(member);
                    if (tracksMetadata && member.metadataVersion() != 0)
                    {
                        metadataAnnounced(nodeIndex, slot);
                    }
                }
                break;
            case MemberState.SUSPECT:
                listener.onSuspect(member);
                break;
            case MemberState.DEAD:
                listener.onDead(member);
                break;
            case MemberState.LEFT:
                listener.onLeft(member);
                break;
            default:
                break;
        }
        if (inWindow && isLive && !wasLive)
        {
            listener.onOutOfContact(wrap(nodeIndex, observerId, memberId, slot, newState, OUT_OF_CONTACT, incarnation));
        }
    }

    /**
     * The host was told a member's out-of-contact window (or that it was cleared): report the member out of contact
     * to every hosted node that sees it alive or suspect, or back when the window is cleared.
     */
    public void onExpectedAbsence(final long nowNs, final int memberId, final long untilNs)
    {
        if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT == untilNs)
        {
            endWindow(memberId);
            return;
        }
        final boolean opens = !windowUntilNs.containsKey(memberId);
        windowUntilNs.put(memberId, untilNs);
        if (opens)
        {
            publishWindows();
            tellObservers(memberId, true);
        }
    }

    /**
     * @param memberId a member id.
     * @return true while the member's out-of-contact window is open (the observer's view decides whether it is
     *         reported: only alive or suspect members are); from any thread.
     */
    boolean isOutOfContact(final int memberId)
    {
        final int[] ids = outOfContactIds;
        return ids.length > 0 && java.util.Arrays.binarySearch(ids, memberId) >= 0;
    }

    /**
     * @param memberId a member id.
     * @param state    its state in an observer's table.
     * @return the status code the application sees: {@link MemberStatus#OUT_OF_CONTACT} for an alive or suspect
     *         member with an open window; from any thread.
     */
    int reportedState(final int memberId, final int state)
    {
        return isLive(state) && isOutOfContact(memberId) ? OUT_OF_CONTACT : state;
    }

    private void endWindow(final int memberId)
    {
        if (NO_WINDOW == windowUntilNs.remove(memberId))
        {
            return;
        }
        publishWindows();
        tellObservers(memberId, false);
    }

    private void tellObservers(final int memberId, final boolean outOfContact)
    {
        final int slot = hasListener ? directory.slotOf(memberId) : -1;
        for (int i = 0; slot >= 0 && i < nodeIds.length; i++)
        {
            final long word = agent.node(i).table().word(slot);
            final int state = MembershipTable.state(word);
            if (isLive(state))
            {
                final MemberView member = wrap(i, nodeIds[i], memberId, slot, outOfContact ? state : OUT_OF_CONTACT,
                    outOfContact ? OUT_OF_CONTACT : state, MembershipTable.incarnation(word));
                if (outOfContact)
                {
                    listener.onOutOfContact(member);
                }
                else
                {
                    listener.onOutOfContactEnded(member);
                }
            }
        }
    }

    private void publishWindows()
    {
        final int[] ids = new int[windowUntilNs.size()];
        final Long2LongHashMap.KeyIterator it = windowUntilNs.keySet().iterator();
        for (int i = 0; it.hasNext(); i++)
        {
            ids[i] = (int)it.nextValue();
        }
        java.util.Arrays.sort(ids);
        outOfContactIds = ids;
    }

    private static boolean isLive(final int state)
    {
        return MemberState.ALIVE == state || MemberState.SUSPECT == state;
    }

    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        listener.onMetadataUpdate(observerId, memberId, metaVersion);
        final int slot = tracksMetadata ? directory.slotOf(memberId) : -1;
        if (slot >= 0)
        {
            metadataAnnounced(nodeIndex, slot);
        }
    }

    public void onPingAck(
        final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
    {
        listener.onPingAck(nodeId(nodeIndex), memberId, correlationId, rttNs);
    }

    public void onPingTimeout(final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
    {
        listener.onPingTimeout(nodeId(nodeIndex), memberId, correlationId);
    }

    /**
     * Another process claims {@code memberId} at another endpoint while the observer knows it alive at its own
     * (see {@link MembershipListener#onIdConflict}): counted every time, reported to the listener once per member
     * and claimed endpoint, so a conflict that repeats every gossip round does not flap the application.
     *
     * @param nodeIndex   the observing hosted node.
     * @param memberId    the contested id.
     * @param claimedIpv4 address of the other claim.
     * @param claimedPort port of the other claim.
     */
    void onIdConflict(final int nodeIndex, final int memberId, final int claimedIpv4, final int claimedPort)
    {
        counters.incrementHostAtomic(HostCounters.ID_CONFLICTS);
        final long claimed = Endpoints.key(claimedIpv4, claimedPort);
        if (reportedConflict.get(memberId) == claimed)
        {
            return;
        }
        reportedConflict.put(memberId, claimed);
        final int slot = directory.slotOf(memberId);
        if (slot >= 0)
        {
            final long word = agent.node(nodeIndex).table().word(slot);
            final int state = MembershipTable.state(word);
            final int reported = reportedState(memberId, state);
            listener.onIdConflict(wrap(
                nodeIndex, nodeId(nodeIndex), memberId, slot, reported, reported, MembershipTable.incarnation(word)),
                claimedIpv4, claimedPort);
        }
    }

    /**
     * The protocol found another live endpoint holding this hosted node's own id: reported as a conflict about
     * the node itself (see {@link #onIdConflict}).
     */
    public void onNodeIdConflict(
        final long nowNs, final int nodeIndex, final int nodeId, final int otherIpv4, final int otherPort)
    {
        onIdConflict(nodeIndex, nodeId, otherIpv4, otherPort);
    }

    /**
     * Periodic check, from the host's housekeeping: deliver metadata whose bytes arrived after their version.
     *
     * @param nowNs current time.
     */
    void onHousekeeping(final long nowNs)
    {
        if (!windowUntilNs.isEmpty())
        {
            final Long2LongHashMap.EntryIterator it = windowUntilNs.entrySet().iterator();
            while (it.hasNext())
            {
                it.next();
                if (nowNs - it.getLongValue() >= 0)
                {
                    endedWindows.addInt((int)it.getLongKey());
                }
            }
            for (int i = 0; i < endedWindows.size(); i++)
            {
                endWindow(endedWindows.getInt(i));
            }
            endedWindows.clear();
        }
        if (joinedSlot >= 0 && null != joined)
        {
            final Consumer<Member> first = joined;
            joined = null;
            final long word = agent.node(0).table().word(joinedSlot);
            final int state = MembershipTable.state(word);
            first.accept(wrap(0, nodeId(0), directory.nodeId(joinedSlot), joinedSlot, state, state,
                MembershipTable.incarnation(word)).toMember());
        }
        if (pendingMetadata.isEmpty())
        {
            return;
        }
        final LongHashSet.LongIterator it = pendingMetadata.iterator();
        while (it.hasNext())
        {
            final long key = it.nextValue();
            if (deliverMetadata((int)(key >>> 32), (int)key))
            {
                it.remove();
            }
        }
    }

    private void metadataAnnounced(final int nodeIndex, final int slot)
    {
        if (!deliverMetadata(nodeIndex, slot))
        {
            pendingMetadata.add(((long)nodeIndex << 32) | slot);
        }
    }

    /**
     * @return true if nothing more is awaited for this observer and member (delivered now, or earlier).
     */
    private boolean deliverMetadata(final int nodeIndex, final int slot)
    {
        final long word = agent.node(nodeIndex).table().word(slot);
        final int version = MembershipTable.metaVersion(word);
        final int state = MembershipTable.state(word);
        if (MemberState.NONE == state)
        {
            return true;
        }
        if (null == directory.metadata(slot) || directory.metadataVersion(slot) != version)
        {
            return false;
        }
        final long key = ((long)nodeIndex << 32) | slot;
        if (deliveredMetaVersion.get(key) == version)
        {
            return true;
        }
        deliveredMetaVersion.put(key, version);
        final int memberId = directory.nodeId(slot);
        final int reported = reportedState(memberId, state);
        listener.onMetadata(
            wrap(nodeIndex, nodeId(nodeIndex), memberId, slot, reported, reported, MembershipTable.incarnation(word)));
        return true;
    }

    private MemberView wrap(
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int slot,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        final int metaVersion = MembershipTable.metaVersion(agent.node(nodeIndex).table().word(slot));
        final byte[] metadata = directory.metadata(slot);
        return view.wrap(nodeIndex, observerId, memberId, MemberStatus.of(oldState), MemberStatus.of(newState),
            incarnation, directory.ipv4(slot), directory.port(slot), metaVersion, metadata, memberId == observerId);
    }

    private int nodeId(final int nodeIndex)
    {
        return nodeIndex >= 0 && nodeIndex < nodeIds.length ? nodeIds[nodeIndex] : -1;
    }

    private static boolean overrides(final Object listener, final String name, final Class<?>... parameterTypes)
    {
        try
        {
            return MembershipListener.class !=
                listener.getClass().getMethod(name, parameterTypes).getDeclaringClass();
        }
        catch (final NoSuchMethodException ex)
        {
            return false;
        }
    }
}
