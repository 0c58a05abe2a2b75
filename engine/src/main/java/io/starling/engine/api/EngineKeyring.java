package io.starling.engine.api;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.Keyring;
import io.starling.engine.transport.AeronTransport;

/**
 * The engine's side of encryption: warms the cipher up and builds the one the network frames pass through at launch,
 * and hands the key-rotation calls the keyring, or a one-line error when the engine has none. It does not seal or
 * open frames ({@link FrameCipher}) nor hold keys ({@link Keyring}).
 */
final class EngineKeyring
{
    /** Frames sealed and opened at launch so the agent meets a compiled cipher (see FrameCipher.warmUp). */
    private static final int FRAME_CIPHER_WARM_UP_FRAMES = 10_000;

    private EngineKeyring()
    {
    }

    /**
     * Seal and open frames so the agent meets a compiled cipher, when the engine has a keyring and a network.
     *
     * @param ctx the concluded context.
     */
    static void warmUp(final StarlingEngine.Context ctx)
    {
        if (null != ctx.keyring() && ctx.networkEnabled())
        {
            FrameCipher.warmUp(FRAME_CIPHER_WARM_UP_FRAMES);
        }
    }

    /**
     * @param ctx      the concluded context.
     * @param network  the network transport, or null.
     * @param counters the engine's counters.
     * @return the cipher of the network frames, or null without a keyring or a network (frames in clear).
     */
    static FrameCipher newFrameCipher(
        final StarlingEngine.Context ctx, final AeronTransport network, final EngineCounters counters)
    {
        if (null == ctx.keyring() || null == network)
        {
            return null;
        }
        return new FrameCipher(new FrameCipher.Context()
            .keyring(ctx.keyring())
            .clusterId(ctx.protocolConfig().clusterId())
            .requireEncryption(ctx.requireEncryption())
            .maxFrameLengthBytes(network.maxFrameLength())
            .counters(counters));
    }

    /**
     * @param ctx the concluded context.
     * @return its keyring.
     * @throws IllegalStateException when the engine was launched without one.
     */
    static Keyring keyring(final StarlingEngine.Context ctx)
    {
        final Keyring keyring = ctx.keyring();
        if (null == keyring)
        {
            throw new IllegalStateException("the engine was launched without a keyring (Context.keyring)");
        }
        return keyring;
    }
}
