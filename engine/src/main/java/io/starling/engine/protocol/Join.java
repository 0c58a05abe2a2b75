package io.starling.engine.protocol;

import io.starling.codecs.JoinDecoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.starling.engine.protocol.MemberState.ALIVE;

/**
 * Join, the one join path of the host and the simulator alike: the joiner sends a Join to each of its seeds (given
 * before start, or later through {@link SwimNode#join}), and again every two probe intervals until a seed's answer
 * has arrived whole: every chunk of an answer, the union over answers of one chunk count (each chunk merges on its
 * own, so under loss a retry re-sends what was lost; the first answer alone held all of 1,000 members 0.8^16 of the
 * time at 20% loss); the seed merges the joiner (with its metadata) and answers with its view by push-pull. A Join
 * names the endpoint its answer goes to: the answer is bounded with push-pull's, by the budget
 * {@link PushPullSync#answer} keeps ({@link ProtocolConfig#stateAnswerBytesPerPeriod(int)}). The view exchange itself
 * is {@link PushPullSync}.
 */
final class Join
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int VAR_HEADER_LENGTH = JoinEncoder.metadataHeaderLength();
    private static final byte[] NO_METADATA = new byte[0];

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final UpdateMerge merge;
    private final PushPullSync pushPull;
    private final Outbox outbox;
    private final CounterSink counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final JoinEncoder joinEncoder = new JoinEncoder();
    private final UnsafeBuffer metadataView = new UnsafeBuffer(0, 0);
    private int[] seedIpv4 = new int[4];
    private int[] seedPort = new int[4];
    private int seedCount;
    /** A seed's answer (a push-pull chunk marked join and reply) arrived since the last join began. */
    private boolean answered;
    /** Every chunk of an answer arrived since the last join began: retrying stops. */
    private boolean complete;
    /** Chunk count of the answers {@link #chunksSeen} counts; chunks of answers with another count start over. */
    private int answerChunkCount;
    private int answerChunksSeen;
    /** One bit per chunk index of answers of {@link #answerChunkCount} chunks that arrived. */
    private long[] chunksSeen = new long[1];
    private final SingleTimer retryTimer;

    Join(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final UpdateMerge merge,
        final PushPullSync pushPull,
        final NodeTimers timers,
        final Outbox outbox,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.queue = queue;
        this.merge = merge;
        this.pushPull = pushPull;
        this.outbox = outbox;
        this.counters = counters;
        this.retryTimer = new SingleTimer(timers, NodeTimers.JOIN_RETRY);
    }

    /**
     * @see SwimNode#addSeed(int, int)
     */
    void addSeed(final int ipv4, final int port)
    {
        if (ipv4 != self.ipv4 || port != self.port)
        {
            add(ipv4, port);
        }
    }

    /**
     * @see SwimNode#join(long, int, int)
     */
    boolean joinNow(final long nowNs, final int ipv4, final int port)
    {
        if (!self.started || self.leaving)
        {
            return false;
        }
        add(ipv4, port);
        answered = false;
        complete = false;
        answerChunkCount = 0;
        final boolean sent = sendJoin(ipv4, port);
        if (!retryTimer.isArmed())
        {
            retryTimer.schedule(nowNs + 2 * self.config.probeIntervalNs());
        }
        return sent;
    }

    /**
     * @see SwimNode#learnConfigured(long, int, int, int)
     */
    void learnConfigured(final long nowNs, final int memberId, final int ipv4, final int port)
    {
        if (self.started)
        {
            throw new IllegalStateException("node " + self.nodeId + " already started");
        }
        merge.learnQuietly(nowNs, memberId, ipv4, port);
    }

    /**
     * A chunk of a seed's answer arrived: once every chunk of an answer has (over the answers of one chunk count),
     * stop retrying. On the first chunk, the process's first node (the one its siblings join through) announces
     * again the siblings it holds alive: one that joined through it before anyone outside the process knew it was
     * announced to the siblings alone, and its gossip may be spent; the members the answer brought would otherwise
     * learn it only from a push-pull.
     *
     * @param chunkIndex index of the chunk.
     * @param chunkCount chunks in its answer.
     */
    void onAnswered(final int chunkIndex, final int chunkCount)
    {
        if (chunkIndex >= 0 && chunkIndex < chunkCount)
        {
            if (chunkCount != answerChunkCount)
            {
                answerChunkCount = chunkCount;
                answerChunksSeen = 0;
                final int words = (chunkCount + 63) >>> 6;
                if (chunksSeen.length < words)
                {
                    chunksSeen = new long[words];
                }
                Arrays.fill(chunksSeen, 0, words, 0L);
            }
            final long bit = 1L << (chunkIndex & 63);
            if (0 == (chunksSeen[chunkIndex >>> 6] & bit))
            {
                chunksSeen[chunkIndex >>> 6] |= bit;
                complete |= ++answerChunksSeen == chunkCount;
            }
        }
        if (!answered && 0 == self.nodeIndex)
        {
            for (int slot = 0, size = Math.min(directory.size(), table.capacity()); slot < size; slot++)
            {
                if (slot != self.selfSlot && directory.isHosted(slot) && ALIVE == table.state(slot))
                {
                    queue.offer(slot, self.nodeId);
                }
            }
        }
        answered = true;
    }

    private void add(final int ipv4, final int port)
    {
        for (int i = 0; i < seedCount; i++)
        {
            if (seedIpv4[i] == ipv4 && seedPort[i] == port)
            {
                return;
            }
        }
        if (seedCount == seedIpv4.length)
        {
            seedIpv4 = Arrays.copyOf(seedIpv4, seedCount * 2);
            seedPort = Arrays.copyOf(seedPort, seedCount * 2);
        }
        seedIpv4[seedCount] = ipv4;
        seedPort[seedCount] = port;
        seedCount++;
    }

    /**
     * Join through the seeds, if any, and schedule the retry.
     */
    void start(final long nowNs)
    {
        if (seedCount > 0)
        {
            sendJoins();
            retryTimer.schedule(nowNs + 2 * self.config.probeIntervalNs());
        }
    }

    void close()
    {
        retryTimer.cancel();
    }

    void onRetryTimer(final long nowNs, final long firedTimerId)
    {
        if (!retryTimer.fired(firedTimerId))
        {
            return;
        }
        if (complete || self.leaving)
        {
            return;
        }
        sendJoins();
        retryTimer.schedule(nowNs + 2 * self.config.probeIntervalNs());
    }

    /**
     * The seed's side: merge the joiner and its metadata, answer with this node's view.
     */
    void onJoin(final long nowNs, final int src, final JoinDecoder join)
    {
        counters.increment(ProtocolCounters.JOINS_RECEIVED);
        final int joiner = join.nodeId();
        final int joinerIncarnation = join.incarnation();
        final int joinerIpv4 = join.endpoint().ipv4();
        final int joinerPort = join.endpoint().port();
        final int joinerMetaVersion = join.metaVersion();
        if (joiner != src || 0 == joinerPort)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        join.wrapMetadata(metadataView);
        // The bytes are stored before the observer hears of the joiner, so its join event carries them.
        merge.merge(nowNs, joiner, joinerIncarnation, ALIVE, joinerMetaVersion, joiner, joinerIpv4, joinerPort,
            metadataView, 0, metadataView.capacity() > 0 ? metadataView.capacity() : -1);
        // Within the answer budget; a joiner answered with the seed's entry alone, or not at all, retries its Join
        // two probe intervals later.
        pushPull.answer(nowNs, joiner, joinerIpv4, joinerPort, 0, true);
    }

    /**
     * Send a Join to any node of the process at an endpoint.
     *
     * @return true if the outbox took it.
     */
    private boolean sendJoin(final int ipv4, final int port)
    {
        final byte[] metadata = directory.metadata(self.selfSlot);
        final int metadataLength = null == metadata ? 0 : metadata.length;
        final int offset = outbox.claim(self.nodeIndex, self.nodeId, Outbox.ANY_NODE, ipv4, port,
            HEADER_LENGTH + JoinEncoder.BLOCK_LENGTH + VAR_HEADER_LENGTH + metadataLength);
        if (offset < 0)
        {
            return false;
        }
        joinEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .nodeId(self.nodeId)
            .incarnation(self.incarnation)
            .metaVersion(self.metaVersion);
        joinEncoder.endpoint().ipv4(self.ipv4).port(self.port);
        joinEncoder.putMetadata(null == metadata ? NO_METADATA : metadata, 0, metadataLength);
        outbox.commit(HEADER_LENGTH + joinEncoder.encodedLength());
        outbox.flush();
        return true;
    }

    private void sendJoins()
    {
        for (int i = 0; i < seedCount; i++)
        {
            sendJoin(seedIpv4[i], seedPort[i]);
        }
    }
}
