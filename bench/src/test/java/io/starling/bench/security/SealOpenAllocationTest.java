package io.starling.bench.security;

import java.util.function.IntSupplier;

import io.starling.bench.support.Allocations;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host's seal and open steps allocate no more per frame than the bare JDK AES-GCM calls on the same bytes:
 * whatever a frame costs in allocation is the JDK's ({@code Cipher.init} builds a new GCM engine per nonce), none
 * of it Starling's. Figures printed for bench/results/security.md.
 */
class SealOpenAllocationTest
{
    private static final int WARMUP = 20_000;
    private static final int OPS = 100_000;
    /** A GCMParameterSpec: 24 bytes of object and 32 of its copy of the 12-byte nonce (compressed oops). */
    private static final int GCM_SPEC_BYTES = 56;

    @Test
    void hostStepsAllocateOnlyWhatTheJdkCipherDoes()
    {
        for (final String frame : new String[] {"ping", "full"})
        {
            final FrameCipherBenchmark b = new FrameCipherBenchmark();
            b.frame = frame;
            b.setup();
            final double sink = bytes(b::sinkSeal);
            final double jdkSeal = bytes(() -> uncheck(b::jdkSeal));
            final double inbound = bytes(b::inboundOpen);
            final double jdkOpen = bytes(() -> uncheck(b::jdkOpen));
            final double jdkSealDirect = bytes(() -> uncheck(b::jdkSealDirect));
            System.out.printf("seal/open allocation, frame=%s: sinkSeal %.1f B, jdkSeal %.1f B, jdkSealDirect %.1f B, " +
                "inboundOpen %.1f B, jdkOpen %.1f B per frame%n", frame, sink, jdkSeal, jdkSealDirect, inbound, jdkOpen);
            // The JIT may scalar-replace the baseline's GCMParameterSpec (24 B object + 32 B copy of the nonce) in
            // the small benchmark method and not in FrameCipher's: allow that, plus under one byte per frame for a
            // one-off lazy allocation. Anything Starling allocated per frame would exceed it.
            assertTrue(sink < jdkSeal + GCM_SPEC_BYTES + 1, frame + ": sinkSeal " + sink + " B > jdkSeal " + jdkSeal);
            assertTrue(inbound < jdkOpen + GCM_SPEC_BYTES + 1,
                frame + ": inboundOpen " + inbound + " B > jdkOpen " + jdkOpen);
        }
    }

    private static double bytes(final IntSupplier op)
    {
        return Allocations.bytesPerOp(WARMUP, OPS, op);
    }

    private interface Op
    {
        int run() throws Exception;
    }

    private static int uncheck(final Op op)
    {
        try
        {
            return op.run();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
