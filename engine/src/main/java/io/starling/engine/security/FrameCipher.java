package io.starling.engine.security;

import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;

/**
 * Authenticates and encrypts whole frames with AES-GCM (JDK {@code javax.crypto} only), and opens them again.
 * <p>
 * Sealed frame layout ({@code H} is the FrameHeader's SBE message header plus its acting block length, 29 bytes in
 * schema version 0):
 * <pre>
 *   [0, H)            FrameHeader in clear (cluster id, source, destination, sequence), flags bit 0 set
 *   H                 key id, 1 byte, in clear: which {@link Keyring} key sealed the frame
 *   [H+1, H+13)       nonce, 12 bytes: 32-bit random prefix of the sealing FrameCipher + 64-bit counter (LE)
 *   [H+13, end-16)    the frame's protocol messages, encrypted (same length as in clear)
 *   [end-16, end)     GCM tag, 16 bytes, over the ciphertext and the associated data [0, H+13)
 * </pre>
 * Everything in clear is authenticated, so the cluster id check and routing by destination work before decryption
 * and a receiver tries exactly one key. A sealed frame is {@link #SEAL_OVERHEAD_BYTES} (29) bytes longer than the
 * frame it seals: the protocol's frame budget must be the transport's budget minus that
 * ({@link #plainFrameBudgetBytes(int)}: 1,376 - 29 = 1,347 bytes by default).
 * <p>
 * Opening verifies the tag before a single byte of the messages is handed on; a frame that fails any check is
 * dropped, counted (see {@link #open(DirectBuffer, int, int, MutableDirectBuffer, int)}) and never throws. Replays
 * of an authenticated frame are rejected by a per-source window over the nonce counter ({@link ReplayWindow}).
 * <p>
 * Nonces: a nonce must never repeat under one key. Each FrameCipher draws a random 32-bit prefix and counts frames
 * with a 64-bit counter that starts at the wall clock in milliseconds shifted left by 20 bits, so it keeps rising
 * across restarts (as long as fewer than 2^20 frames are sealed per millisecond) and the receivers' replay windows
 * accept a restarted sender at once. Two FrameCiphers sharing a key collide only if they draw the same prefix
 * (probability about k^2 / 2^33 for k ciphers over a key's life): rotate keys.
 * <p>
 * Allocation: one {@link Cipher} per key and direction is created when the keyring changes and reused for every
 * frame. The JDK API still allocates per frame inside {@link Cipher#init}: a {@link GCMParameterSpec} (and its copy
 * of the nonce), a copy of the key from {@link SecretKeySpec#getEncoded()}, and the GCM engine state: about 1.1 KB
 * a frame in JDK 17 whatever its size (SealOpenAllocationTest holds the host's steps to the bare JDK calls). Direct
 * ByteBuffers do not help: SunJCE copies them through heap arrays (3.2 KB for a full frame), so the array calls are
 * used. No other allocation on the seal/open path.
 * <p>
 * Not thread safe: one instance per thread (the host's duty cycle). The {@link Keyring} may be shared by several
 * instances and changed from any thread.
 * <p>
 * This class holds the reasons, the buffers and the {@link Context}; the steps are in their own package-private
 * files: {@code CipherKeys} (key schedule), {@code FrameSealer} (seal), {@code SealedFrameOpener} (open),
 * {@code ReplayWindow} (replays), {@code CipherRejections} (drop counts), {@code CipherArrays} (the JDK's arrays)
 * and {@code SealedFrameLayout} (offsets).
 */
public final class FrameCipher
{
    /** Flags bit 0 of the FrameHeader: the body is authenticated and encrypted. */
    public static final int FLAG_SEALED = 1;
    /** Bytes of the key id carried in clear. */
    public static final int KEY_ID_LENGTH = 1;
    /** Bytes of the GCM nonce. */
    public static final int NONCE_LENGTH = 12;
    /** Bytes of the GCM tag. */
    public static final int TAG_LENGTH = 16;
    /** Bytes a sealed frame adds to the frame it seals: key id + nonce + tag = 29. */
    public static final int SEAL_OVERHEAD_BYTES = KEY_ID_LENGTH + NONCE_LENGTH + TAG_LENGTH;

    /** Success (never returned: success returns a positive length). */
    public static final int OK = 0;
    /** Bad arguments, or the bytes do not start with a FrameHeader of this schema. */
    public static final int MALFORMED = 1;
    /** The frame is longer than the maximum frame length, or the result does not fit the destination. */
    public static final int TOO_LONG = 2;
    /** Open: the frame's cluster id is not ours (checked in clear, before any decryption). */
    public static final int WRONG_CLUSTER = 3;
    /** Open: the frame is not sealed and encryption is required. */
    public static final int NOT_SEALED = 4;
    /** Open: flags say sealed but the frame is too short to hold key id, nonce and tag. */
    public static final int TRUNCATED = 5;
    /** Open: no key is installed under the frame's key id. */
    public static final int UNKNOWN_KEY = 6;
    /** Open: the tag does not verify (tampered, wrong key, forged). */
    public static final int BAD_TAG = 7;
    /** Open: this source's nonce counter was seen already, or is older than the replay window. */
    public static final int REPLAYED = 8;
    /** Seal: no primary key is selected in the keyring. */
    public static final int NO_PRIMARY_KEY = 9;
    /** Seal: the frame is sealed already. */
    public static final int ALREADY_SEALED = 10;
    /** Seal: the JDK cipher failed (should not happen with a valid key). */
    public static final int CIPHER_ERROR = 11;
    /** Number of reasons, for sizing arrays indexed by reason. */
    public static final int REASON_COUNT = 12;

    private static final String[] REASON_NAMES =
    {
        "OK", "MALFORMED", "TOO_LONG", "WRONG_CLUSTER", "NOT_SEALED", "TRUNCATED", "UNKNOWN_KEY", "BAD_TAG",
        "REPLAYED", "NO_PRIMARY_KEY", "ALREADY_SEALED", "CIPHER_ERROR",
    };

    private final boolean requireEncryption;
    private final int maxFrameLengthBytes;
    private final int noncePrefix;
    private final CipherKeys keys;
    private final CipherRejections rejections;
    private final FrameSealer sealer;
    private final SealedFrameOpener opener;
    private final UnsafeBuffer openedBuffer;
    private final UnsafeBuffer sealedBuffer;

    /**
     * @param context configuration; concluded here if it was not.
     */
    public FrameCipher(final Context context)
    {
        context.conclude();
        requireEncryption = context.requireEncryption();
        maxFrameLengthBytes = context.maxFrameLengthBytes();
        noncePrefix = context.noncePrefix();
        rejections = new CipherRejections(context.counters());
        final ReplayWindow replayWindow =
            context.replayProtection() ? new ReplayWindow(context.replayWindowInitialSources()) : null;

        final CipherArrays arrays = new CipherArrays(maxFrameLengthBytes);
        openedBuffer = new UnsafeBuffer(new byte[maxFrameLengthBytes]);
        sealedBuffer = new UnsafeBuffer(new byte[maxFrameLengthBytes]);
        keys = new CipherKeys(context.keyring());
        sealer = new FrameSealer(keys, rejections, maxFrameLengthBytes, noncePrefix, context.initialNonceCounter(),
            arrays);
        opener = new SealedFrameOpener(keys, rejections, replayWindow, context.clusterId(), requireEncryption,
            maxFrameLengthBytes, arrays);
    }

    /**
     * Run the seal and open path on throwaway frames under a throwaway key until the JIT has compiled it. Interpreted,
     * JDK 17's AES-GCM takes about 0.8 ms a frame for its first few hundred frames and tens of microseconds for
     * thousands more (measured on the shared 2-core machine under load): a host that met that on its first join,
     * when full-state push-pulls arrive, stalled its duty cycle long enough for probes to time out. Called once
     * by {@code StarlingEngine} before its agent starts; allocates freely.
     *
     * @param frames frames to seal and open (a full frame each).
     * @return frames that opened (equal to {@code frames}).
     */
    public static int warmUp(final int frames)
    {
        final byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        final Keyring keyring = new Keyring();
        keyring.install(0, key);
        keyring.usePrimary(0);
        final FrameCipher sealer = new FrameCipher(new Context().keyring(keyring).replayProtection(false));
        final FrameCipher opener = new FrameCipher(new Context().keyring(keyring).replayProtection(false));
        final int plainLength = plainFrameBudgetBytes(ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT);
        final UnsafeBuffer plain = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(plainLength));
        final int messagesOffset = FramePacker.FRAME_HEADER_LENGTH;
        new io.starling.codecs.FrameHeaderEncoder().wrapAndApplyHeader(plain, 0,
            new io.starling.codecs.MessageHeaderEncoder()).clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT);
        int opened = 0;
        for (int i = 0; i < frames; i++)
        {
            plain.putInt(messagesOffset, i);
            final int sealedLength = sealer.seal(plain, 0, plainLength);
            opened += sealedLength > 0 && opener.open(sealer.sealedBuffer(), 0, sealedLength) > 0 ? 1 : 0;
        }
        return opened;
    }

    /**
     * The protocol's frame budget when frames are sealed for a transport with the given budget.
     *
     * @param transportBudgetBytes largest datagram payload of the transport (e.g. Aeron's maxPayloadLength).
     * @return {@code transportBudgetBytes - SEAL_OVERHEAD_BYTES}.
     */
    public static int plainFrameBudgetBytes(final int transportBudgetBytes)
    {
        return transportBudgetBytes - SEAL_OVERHEAD_BYTES;
    }

    /**
     * Name of a reason, for logs and reports.
     *
     * @param reason one of the reason constants.
     * @return its name, or "UNKNOWN".
     */
    public static String reasonName(final int reason)
    {
        return reason >= 0 && reason < REASON_COUNT ? REASON_NAMES[reason] : "UNKNOWN";
    }

    /**
     * Seal a complete frame (as produced by {@link FramePacker}) into {@code dst}.
     *
     * @param src       holding the frame in clear.
     * @param offset    of the FrameHeader's message header.
     * @param length    of the frame.
     * @param dst       receives the sealed frame; may be {@code src}.
     * @param dstOffset where the sealed frame starts.
     * @return the sealed frame's length ({@code length + SEAL_OVERHEAD_BYTES}), or minus a reason; failures are
     * counted as {@link TransportCounters#DROP_SEAL_FAILED} and in {@link #sealRejections(int)}.
     */
    public int seal(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        keys.refresh();
        return sealer.seal(src, offset, length, dst, dstOffset);
    }

    /**
     * Seal into this cipher's own buffer, {@link #sealedBuffer()}, valid until the next call.
     *
     * @param src    holding the frame in clear.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the sealed length at offset 0 of {@link #sealedBuffer()}, or minus a reason.
     */
    public int seal(final DirectBuffer src, final int offset, final int length)
    {
        return seal(src, offset, length, sealedBuffer, 0);
    }

    /**
     * Open an inbound frame into {@code dst}: the FrameHeader (as received, flags included) followed by the
     * decrypted messages, ready for {@code SwimNode.onFrame}. Checks, in order, each failure counted once in the
     * {@link CounterSink} and in {@link #openRejections(int)}, never thrown:
     * <ol>
     *     <li>a FrameHeader of this schema within the bytes, frame not longer than the maximum:
     *     {@link #MALFORMED} / {@link #TOO_LONG}, counted {@link ProtocolCounters#DROP_MALFORMED};</li>
     *     <li>our cluster id: {@link #WRONG_CLUSTER}, counted {@link ProtocolCounters#DROP_WRONG_CLUSTER};</li>
     *     <li>sealed, if encryption is required ({@link #NOT_SEALED}, counted
     *     {@link TransportCounters#DROP_NOT_SEALED}); an unsealed frame, when allowed, is copied through unchanged;</li>
     *     <li>room for key id, nonce and tag ({@link #TRUNCATED}, counted {@link TransportCounters#DROP_DECRYPT_FAILED}),
     *     a known key id ({@link #UNKNOWN_KEY}, {@link TransportCounters#DROP_UNKNOWN_KEY}), not a replay
     *     ({@link #REPLAYED}, {@link TransportCounters#DROP_REPLAYED}), a tag that verifies ({@link #BAD_TAG},
     *     {@link TransportCounters#DROP_BAD_TAG}).</li>
     * </ol>
     *
     * @param src       holding the frame as received.
     * @param offset    of the frame.
     * @param length    of the frame.
     * @param dst       receives the frame in clear; may be {@code src}.
     * @param dstOffset where the opened frame starts.
     * @return the opened frame's length, or minus a reason.
     */
    public int open(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        keys.refresh();
        return opener.open(src, offset, length, dst, dstOffset);
    }

    /**
     * Open into this cipher's own buffer, {@link #openedBuffer()}, valid until the next call. This is the step a
     * host runs on every inbound frame before {@code SwimNode.onFrame}:
     * <pre>
     *   final int n = cipher.open(buffer, offset, length);
     *   if (n > 0) node.onFrame(nowNs, cipher.openedBuffer(), 0, n);
     * </pre>
     *
     * @param src    holding the frame as received.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the opened length at offset 0 of {@link #openedBuffer()}, or minus a reason.
     */
    public int open(final DirectBuffer src, final int offset, final int length)
    {
        return open(src, offset, length, openedBuffer, 0);
    }

    /**
     * @return the buffer {@link #open(DirectBuffer, int, int)} writes to (offset 0).
     */
    public DirectBuffer openedBuffer()
    {
        return openedBuffer;
    }

    /**
     * @return the buffer {@link #seal(DirectBuffer, int, int)} writes to (offset 0).
     */
    public DirectBuffer sealedBuffer()
    {
        return sealedBuffer;
    }

    /**
     * @return true if frames in clear are dropped ({@link #NOT_SEALED}) rather than passed through.
     */
    public boolean requireEncryption()
    {
        return requireEncryption;
    }

    /**
     * @return the largest frame, sealed, this cipher seals or opens.
     */
    public int maxFrameLengthBytes()
    {
        return maxFrameLengthBytes;
    }

    /**
     * @return the random prefix of this cipher's nonces.
     */
    public int noncePrefix()
    {
        return noncePrefix;
    }

    /**
     * @return the counter the next sealed frame's nonce will carry.
     */
    public long nextNonceCounter()
    {
        return sealer.nextNonceCounter();
    }

    /**
     * @return frames sealed.
     */
    public long framesSealed()
    {
        return sealer.framesSealed();
    }

    /**
     * @return frames opened (including unsealed frames passed through when encryption is not required).
     */
    public long framesOpened()
    {
        return opener.framesOpened();
    }

    /**
     * @param reason a reason constant.
     * @return inbound frames rejected for it.
     */
    public long openRejections(final int reason)
    {
        return rejections.openRejections(reason);
    }

    /**
     * @param reason a reason constant.
     * @return outbound frames that could not be sealed for it.
     */
    public long sealRejections(final int reason)
    {
        return rejections.sealRejections(reason);
    }

    /**
     * Configuration of a {@link FrameCipher}.
     */
    public static final class Context
    {
        /** Smallest sensible maximum frame length: a frame header, one message header and the seal overhead. */
        public static final int MIN_FRAME_LENGTH_BYTES =
            FramePacker.FRAME_HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH + SEAL_OVERHEAD_BYTES;
        /** Largest frame: a UDP datagram's payload. */
        public static final int MAX_FRAME_LENGTH_BYTES = 65_507;

        private Keyring keyring;
        private int clusterId = ProtocolConfig.CLUSTER_ID_DEFAULT;
        private boolean requireEncryption = true;
        private int maxFrameLengthBytes = ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT;
        private boolean replayProtection = true;
        private int replayWindowInitialSources = 64;
        private boolean noncePrefixSet;
        private int noncePrefix;
        private long initialNonceCounter = -1;
        private CounterSink counters = CounterSink.NO_OP;
        private boolean concluded;

        /**
         * Validate and fill in defaults: a random nonce prefix from {@link SecureRandom} and a clock-based initial
         * nonce counter unless given.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first bad field.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (null == keyring)
            {
                throw new IllegalArgumentException("keyring must be set");
            }
            if (maxFrameLengthBytes < MIN_FRAME_LENGTH_BYTES || maxFrameLengthBytes > MAX_FRAME_LENGTH_BYTES)
            {
                throw new IllegalArgumentException("maxFrameLengthBytes must be in [" + MIN_FRAME_LENGTH_BYTES +
                    ", " + MAX_FRAME_LENGTH_BYTES + "]: " + maxFrameLengthBytes);
            }
            if (replayWindowInitialSources < 1)
            {
                throw new IllegalArgumentException(
                    "replayWindowInitialSources must be >= 1: " + replayWindowInitialSources);
            }
            if (null == counters)
            {
                throw new IllegalArgumentException("counters must be set");
            }
            if (!noncePrefixSet)
            {
                noncePrefix = new SecureRandom().nextInt();
                noncePrefixSet = true;
            }
            if (initialNonceCounter < 0)
            {
                initialNonceCounter = System.currentTimeMillis() << 20;
            }
            concluded = true;
            return this;
        }

        /**
         * @return true once {@link #conclude()} succeeded.
         */
        public boolean isConcluded()
        {
            return concluded;
        }

        /**
         * @return the keys to seal and open with.
         */
        public Keyring keyring()
        {
            return keyring;
        }

        /**
         * @param keyring the keys to seal and open with (required; may be shared between ciphers).
         * @return this.
         */
        public Context keyring(final Keyring keyring)
        {
            this.keyring = keyring;
            return this;
        }

        /**
         * @return cluster id inbound frames must carry.
         */
        public int clusterId()
        {
            return clusterId;
        }

        /**
         * @param clusterId cluster id inbound frames must carry (the protocol's {@code ProtocolConfig.clusterId}).
         * @return this.
         */
        public Context clusterId(final int clusterId)
        {
            this.clusterId = clusterId;
            return this;
        }

        /**
         * @return true if unsealed inbound frames are rejected.
         */
        public boolean requireEncryption()
        {
            return requireEncryption;
        }

        /**
         * @param requireEncryption false only while turning encryption on across a running cluster: unsealed
         *                          frames are then passed through (sealed ones are still verified).
         * @return this.
         */
        public Context requireEncryption(final boolean requireEncryption)
        {
            this.requireEncryption = requireEncryption;
            return this;
        }

        /**
         * @return the largest frame on the wire (sealed), in bytes.
         */
        public int maxFrameLengthBytes()
        {
            return maxFrameLengthBytes;
        }

        /**
         * @param maxFrameLengthBytes the largest frame on the wire (sealed): the transport's budget, default 1,376.
         * @return this.
         */
        public Context maxFrameLengthBytes(final int maxFrameLengthBytes)
        {
            this.maxFrameLengthBytes = maxFrameLengthBytes;
            return this;
        }

        /**
         * @return true if replays of authenticated frames are rejected.
         */
        public boolean replayProtection()
        {
            return replayProtection;
        }

        /**
         * @param replayProtection reject replays of authenticated frames (per-source nonce counter window).
         * @return this.
         */
        public Context replayProtection(final boolean replayProtection)
        {
            this.replayProtection = replayProtection;
            return this;
        }

        /**
         * @return sources the replay window makes room for up front.
         */
        public int replayWindowInitialSources()
        {
            return replayWindowInitialSources;
        }

        /**
         * @param replayWindowInitialSources sources the replay window makes room for up front (it grows).
         * @return this.
         */
        public Context replayWindowInitialSources(final int replayWindowInitialSources)
        {
            this.replayWindowInitialSources = replayWindowInitialSources;
            return this;
        }

        /**
         * @return the nonce prefix (meaningful once set or concluded).
         */
        public int noncePrefix()
        {
            return noncePrefix;
        }

        /**
         * @param noncePrefix fixed nonce prefix, for deterministic tests and benchmarks only: two ciphers sharing a
         *                    key must never share a prefix.
         * @return this.
         */
        public Context noncePrefix(final int noncePrefix)
        {
            this.noncePrefix = noncePrefix;
            this.noncePrefixSet = true;
            return this;
        }

        /**
         * @return the first nonce counter (meaningful once set or concluded).
         */
        public long initialNonceCounter()
        {
            return initialNonceCounter;
        }

        /**
         * @param initialNonceCounter first nonce counter; negative (the default) means the wall clock in ms shifted
         *                            left by 20 bits at {@link #conclude()}.
         * @return this.
         */
        public Context initialNonceCounter(final long initialNonceCounter)
        {
            this.initialNonceCounter = initialNonceCounter;
            return this;
        }

        /**
         * @return where drops are counted.
         */
        public CounterSink counters()
        {
            return counters;
        }

        /**
         * @param counters where drops are counted (ids from {@link TransportCounters} and {@link ProtocolCounters}).
         * @return this.
         */
        public Context counters(final CounterSink counters)
        {
            this.counters = counters;
            return this;
        }

        public String toString()
        {
            return "FrameCipher.Context{" +
                "clusterId=" + clusterId +
                ", requireEncryption=" + requireEncryption +
                ", maxFrameLengthBytes=" + maxFrameLengthBytes +
                ", replayProtection=" + replayProtection +
                ", replayWindowInitialSources=" + replayWindowInitialSources +
                ", keyring=" + keyring +
                '}';
        }
    }
}
