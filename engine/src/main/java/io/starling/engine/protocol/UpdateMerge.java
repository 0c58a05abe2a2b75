package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.NONE;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * The membership state machine: merges an update under SWIM's rules and applies a change to the table, the probe
 * order, the suspicion records, the dissemination queue and the observer. One loop reads the updates group of
 * every Ping, Ack, PingReq and Gossip. An update that carries the member's metadata (a MetadataUpdate, a Join, a
 * push-pull entry) stores the bytes before any observer hears of the change, and an update that announces
 * metadata the receivers may not hold is queued to carry it on. Claims about this node go to {@link Refutation};
 * it sends nothing.
 */
final class UpdateMerge
{
    /**
     * Smallest jump in a member's incarnation an observer refuses from a third party (a quarter of the
     * serial-number range; the largest accepted is one less). Incarnations move by one per refutation, so only a forged or corrupted update jumps further, and
     * bounding it keeps every accepted claim refutable: the subject answers a claim c with c + 1, which must still
     * be newer (less than 2^31 ahead) for every observer that never saw c.
     */
    static final int MAX_INCARNATION_JUMP = 1 << 30;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final ProbeOrder order;
    private final DisseminationQueue queue;
    private final RandomSource random;
    private final DeadSince deadSince;
    private final Suspicion suspicion;
    private final Refutation refutation;
    private final MembershipObserver observer;
    private final CounterSink counters;

    /** False while learning a co-hosted member: known by configuration, not news. */
    private boolean announceStrangers = true;
    /** The metadata bytes that came with the update being merged: length -1 when none came. */
    private DirectBuffer metadataBuffer;
    private int metadataOffset;
    private int metadataLength = -1;

    UpdateMerge(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final ProbeOrder order,
        final DisseminationQueue queue,
        final RandomSource random,
        final DeadSince deadSince,
        final Suspicion suspicion,
        final Refutation refutation,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.order = order;
        this.queue = queue;
        this.random = random;
        this.deadSince = deadSince;
        this.suspicion = suspicion;
        this.refutation = refutation;
        this.observer = observer;
        this.counters = counters;
    }

    /**
     * Merge every entry of an {@code updates} group (Ping, Ack, PingReq, Gossip), honouring its acting block length.
     *
     * @param nowNs       time.
     * @param buffer      holding the validated message.
     * @param groupOffset where the group header starts (the message decoder's limit after its block).
     */
    void mergeUpdates(final long nowNs, final DirectBuffer buffer, final int groupOffset)
    {
        final int blockLength = UpdateLayout.groupBlockLength(buffer, groupOffset);
        final int count = UpdateLayout.groupCount(buffer, groupOffset);
        int entry = groupOffset + UpdateLayout.GROUP_HEADER_LENGTH;
        for (int i = 0; i < count; i++, entry += blockLength)
        {
            merge(nowNs, UpdateLayout.memberId(buffer, entry), UpdateLayout.incarnation(buffer, entry),
                UpdateLayout.state(buffer, entry), UpdateLayout.metaVersion(buffer, entry),
                UpdateLayout.fromNode(buffer, entry), UpdateLayout.ipv4(buffer, entry),
                UpdateLayout.port(buffer, entry));
        }
    }

    /**
     * Merge a {@code MetadataUpdate} message: one update laid out as an {@code updates} entry, then the bytes.
     *
     * @param nowNs       time.
     * @param buffer      holding the validated message.
     * @param bodyOffset  where the message's block starts (after its message header).
     * @param blockLength the acting block length.
     */
    void mergeWithMetadata(final long nowNs, final DirectBuffer buffer, final int bodyOffset, final int blockLength)
    {
        final int lengthOffset = bodyOffset + blockLength;
        merge(nowNs, UpdateLayout.memberId(buffer, bodyOffset), UpdateLayout.incarnation(buffer, bodyOffset),
            UpdateLayout.state(buffer, bodyOffset), UpdateLayout.metaVersion(buffer, bodyOffset),
            UpdateLayout.fromNode(buffer, bodyOffset), UpdateLayout.ipv4(buffer, bodyOffset),
            UpdateLayout.port(buffer, bodyOffset), buffer, lengthOffset + UpdateLayout.VAR_HEADER_LENGTH,
            buffer.getShort(lengthOffset, UpdateLayout.ORDER) & 0xFFFF);
    }

    /**
     * Merge an update that came with the member's metadata bytes (a Join, a push-pull entry, a MetadataUpdate): the
     * bytes are stored, if newer than those held, before the observer hears of the change.
     *
     * @param metadataLength of the bytes, or -1 when none came.
     */
    void merge(
        final long nowNs,
        final int memberId,
        final int memberIncarnation,
        final int state,
        final int memberMetaVersion,
        final int from,
        final int memberIpv4,
        final int memberPort,
        final DirectBuffer metadata,
        final int metadataOffset,
        final int metadataLength)
    {
        this.metadataBuffer = metadata;
        this.metadataOffset = metadataOffset;
        this.metadataLength = metadataLength;
        try
        {
            merge(nowNs, memberId, memberIncarnation, state, memberMetaVersion, from, memberIpv4, memberPort);
        }
        finally
        {
            this.metadataBuffer = null;
            this.metadataLength = -1;
        }
    }

    /**
     * Learn a co-hosted member without announcing it: known by configuration, not news.
     */
    void learnQuietly(final long nowNs, final int memberId, final int ipv4, final int port)
    {
        announceStrangers = false;
        try
        {
            merge(nowNs, memberId, 0, ALIVE, 0, memberId, ipv4, port);
        }
        finally
        {
            announceStrangers = true;
        }
    }

    /**
     * Merge one membership update under SWIM's rules: a higher incarnation wins; at equal incarnation SUSPECT
     * overrides ALIVE, and DEAD and LEFT override both and are final for that incarnation. Updates about this
     * node go to {@link Refutation}.
     *
     * @param memberMetaVersion metadata version, or -1 to keep the known one.
     */
    void merge(
        final long nowNs,
        final int memberId,
        final int memberIncarnation,
        final int state,
        final int memberMetaVersion,
        final int from,
        final int memberIpv4,
        final int memberPort)
    {
        if (state < ALIVE || state > LEFT)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        if (memberId == self.nodeId)
        {
            refutation.onClaimAboutSelf(nowNs, memberIncarnation, state, memberIpv4, memberPort);
            return;
        }

        int slot = directory.slotOf(memberId);
        final long word = slot >= 0 ? table.word(slot) : MembershipTable.pack(0, NONE, 0, 0);
        final int current = MembershipTable.state(word);
        final int currentIncarnation = MembershipTable.incarnation(word);
        final int newMeta = memberMetaVersion >= 0 ? memberMetaVersion : MembershipTable.metaVersion(word);

        if (NONE == current)
        {
            // Only a live member is worth learning about; news of the death of a stranger is not.
            if (ALIVE != state || 0 == memberPort)
            {
                counters.increment(ProtocolCounters.UPDATES_STALE);
                return;
            }
            if (slot < 0 && directory.memberCount() >= self.config.maxMembers())
            {
                counters.increment(ProtocolCounters.DROP_MEMBERS_FULL);
                return;
            }
            slot = directory.register(slot, memberId, memberIpv4, memberPort, memberIncarnation);
            table.ensureCapacity(slot + 1);
            storeMetadata(nowNs, slot, memberId, memberIncarnation, newMeta);
            apply(nowNs, slot, memberId, NONE, memberIncarnation, ALIVE, newMeta, from);
            return;
        }

        if (memberIncarnation - currentIncarnation >= MAX_INCARNATION_JUMP)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        // Bytes that came with a stale update may still be newer than those held (their version came without them).
        storeMetadata(nowNs, slot, memberId, memberIncarnation, newMeta);

        switch (state)
        {
            case ALIVE:
                if (isNewer(memberIncarnation, currentIncarnation))
                {
                    if (0 != memberPort)
                    {
                        directory.register(slot, memberId, memberIpv4, memberPort, memberIncarnation);
                    }
                    apply(nowNs, slot, memberId, current, memberIncarnation, ALIVE, newMeta, from);
                    return;
                }
                break;

            case SUSPECT:
                if (isNewer(memberIncarnation, currentIncarnation) ||
                    (memberIncarnation == currentIncarnation && ALIVE == current))
                {
                    apply(nowNs, slot, memberId, current, memberIncarnation, SUSPECT, newMeta, from);
                    return;
                }
                if (memberIncarnation == currentIncarnation && SUSPECT == current)
                {
                    suspicion.confirm(nowNs, slot, from);
                    return;
                }
                break;

            case DEAD:
            {
                final boolean heldLive = ALIVE == current || SUSPECT == current;
                if (isNewer(memberIncarnation, currentIncarnation) ||
                    (memberIncarnation == currentIncarnation && heldLive))
                {
                    // While the member's window is open it can neither refute nor be judged by this node's own timer
                    // (paused): another node's verdict, reached by a timer that counted time in contact only, is
                    // taken as it is. The member refutes at its next contact if it is alive.
                    if (heldLive && self.config.suspicionEnabled() &&
                        (from == self.nodeId || !self.expectedAbsent(memberId, nowNs)))
                    {
                        // Another node's verdict on a member this node holds live is a suspicion here, never a
                        // death: the member can still refute it, and only this node's own suspicion timer declares
                        // it dead. A stale verdict of the other side of a healed partition then costs a refutation,
                        // not a flap.
                        if (SUSPECT == current && memberIncarnation == currentIncarnation)
                        {
                            suspicion.confirm(nowNs, slot, from);
                        }
                        else
                        {
                            apply(nowNs, slot, memberId, current, memberIncarnation, SUSPECT, newMeta, from);
                        }
                    }
                    else
                    {
                        apply(nowNs, slot, memberId, current, memberIncarnation, DEAD, newMeta, from);
                    }
                    return;
                }
                break;
            }

            default: // LEFT
                if (isNewer(memberIncarnation, currentIncarnation) ||
                    (memberIncarnation == currentIncarnation &&
                    (ALIVE == current || SUSPECT == current || (DEAD == current && LEFT == state))))
                {
                    apply(nowNs, slot, memberId, current, memberIncarnation, state, newMeta, from);
                    return;
                }
                break;
        }
        counters.increment(ProtocolCounters.UPDATES_STALE);
    }

    /**
     * This node's own verdict on a member it failed to reach: SUSPECT, or DEAD at once when suspicion is off.
     */
    void onProbeFailed(final long nowNs, final int slot)
    {
        final long word = table.word(slot);
        final int member = directory.nodeId(slot);
        if (self.config.suspicionEnabled())
        {
            counters.increment(ProtocolCounters.SUSPICIONS_RAISED);
            apply(nowNs, slot, member, ALIVE, MembershipTable.incarnation(word), SUSPECT,
                MembershipTable.metaVersion(word), self.nodeId);
        }
        else
        {
            counters.increment(ProtocolCounters.DEATHS_DECLARED);
            apply(nowNs, slot, member, ALIVE, MembershipTable.incarnation(word), DEAD,
                MembershipTable.metaVersion(word), self.nodeId);
        }
    }

    /**
     * A suspicion ran out ({@link Suspicion#expire}): this node declares the member dead.
     */
    void declareDead(final long nowNs, final int slot)
    {
        final long word = table.word(slot);
        counters.increment(ProtocolCounters.DEATHS_DECLARED);
        apply(nowNs, slot, directory.nodeId(slot), SUSPECT, MembershipTable.incarnation(word), DEAD,
            MembershipTable.metaVersion(word), self.nodeId);
    }

    /**
     * Incarnations compare as 32-bit serial numbers (RFC 1982): a is newer than b when it is ahead by less than
     * 2^31. Together with the bound on claims about ourselves, an incarnation that wraps keeps working, so no
     * sequence of forged suspicions can leave a node unable to refute.
     */
    static boolean isNewer(final int a, final int b)
    {
        return a - b > 0;
    }

    /**
     * Store the bytes that came with the update being merged, if any and newer than those held (never for a node
     * this process hosts: its own metadata is set here), and tell the observer they arrived.
     */
    private void storeMetadata(
        final long nowNs, final int slot, final int memberId, final int memberIncarnation, final int metaVersion)
    {
        if (metadataLength >= 0)
        {
            if (!directory.isHosted(slot))
            {
                directory.putMetadata(
                    slot, memberIncarnation, metaVersion, metadataBuffer, metadataOffset, metadataLength);
            }
            observer.onMemberMetadataReceived(nowNs, self.nodeIndex, self.nodeId, memberId, metaVersion);
        }
    }

    private void apply(
        final long nowNs,
        final int slot,
        final int memberId,
        final int oldState,
        final int newIncarnation,
        final int newState,
        final int newMeta,
        final int from)
    {
        if ((SUSPECT == newState || DEAD == newState) && memberId != self.nodeId &&
            ((self.expectedAbsent(memberId, nowNs) && (SUSPECT == newState || from == self.nodeId)) ||
            (from == self.nodeId && self.expectedAbsent(from, nowNs))))
        {
            // Expected out of contact: neither suspected nor declared dead by this node until its window ends (another
            // node's DEAD is taken: see merge). A node itself expected out of contact gives no verdict of its own: a
            // probe it could not complete says nothing.
            return;
        }
        final long oldWord = table.word(slot);
        int flags = NONE == oldState ? 0 : MembershipTable.flags(oldWord);
        final boolean isLive = ALIVE == newState || SUSPECT == newState;
        if (isLive && 0 == (flags & MembershipTable.FLAG_IN_PROBE_ORDER))
        {
            order.insert(slot, random);
            flags |= MembershipTable.FLAG_IN_PROBE_ORDER;
        }
        table.set(slot, newIncarnation, newState, newMeta, flags);
        if (NONE == oldState)
        {
            directory.retain(slot);
        }
        if (DEAD == oldState || LEFT == oldState)
        {
            deadSince.remove(slot);
        }
        if (!isLive && 0 != (flags & MembershipTable.FLAG_IN_PROBE_ORDER))
        {
            deadSince.mark(slot, self.ms(nowNs));
        }
        if (oldState != newState)
        {
            self.stateChanged(memberId, oldState, newState, nowNs);
        }

        if (SUSPECT == newState)
        {
            suspicion.start(nowNs, slot, newIncarnation, from);
        }
        else
        {
            suspicion.cancel(slot);
        }
        if (NONE != oldState || announceStrangers)
        {
            // A new member, or new metadata: receivers may not hold the bytes, so the update carries them on.
            queue.offer(slot, from, (NONE == oldState || MembershipTable.metaVersion(oldWord) != newMeta) &&
                null != directory.metadata(slot) && directory.metadataVersion(slot) == newMeta);
        }
        counters.increment(ProtocolCounters.UPDATES_MERGED);
        if (oldState != newState || NONE == oldState ||
            MembershipTable.incarnation(oldWord) != newIncarnation)
        {
            observer.onMemberStateChange(
                nowNs, self.nodeIndex, self.nodeId, memberId, oldState, newState, newIncarnation);
        }
        if (NONE != oldState && MembershipTable.metaVersion(oldWord) != newMeta)
        {
            observer.onMemberMetadata(nowNs, self.nodeIndex, self.nodeId, memberId, newMeta);
        }
    }
}
