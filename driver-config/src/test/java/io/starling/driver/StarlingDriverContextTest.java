package io.starling.driver;

import io.aeron.driver.Configuration;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class StarlingDriverContextTest
{
    @Test
    void densityDefaults()
    {
        final StarlingDriver.Context ctx = new StarlingDriver.Context().conclude();

        assertEquals(DriverPreset.DENSITY, ctx.preset());
        assertEquals(64 * 1024, ctx.termBufferLengthBytes());
        assertEquals(1408, ctx.mtuLengthBytes());
        assertTrue(ctx.socketRcvbufLengthBytes() >= 128 * 1024 && ctx.socketRcvbufLengthBytes() <= 1024 * 1024);
        assertEquals(0, ctx.socketSndbufLengthBytes());
        assertEquals(1024 * 1024, ctx.counterValuesBufferLengthBytes());
        assertEquals(0.0, ctx.lossRate());
        assertEquals(StarlingDriver.Context.LOSS_SEED_RANDOM, ctx.lossSeed());
        assertNull(ctx.partitionMatrix());
        assertTrue(ctx.imageLivenessTimeoutNs() < Configuration.IMAGE_LIVENESS_TIMEOUT_DEFAULT_NS);
        assertTrue(ctx.publicationConnectionTimeoutNs() < Configuration.PUBLICATION_CONNECTION_TIMEOUT_DEFAULT_NS);

        final File directory = new File(ctx.aeronDirectoryName());
        assertTrue(directory.getName().startsWith("starling-" + ProcessHandle.current().pid() + "-"));
        assertFalse(directory.exists(), "conclude does not create the directory");
    }

    @Test
    void lowLatencyDefaults()
    {
        final StarlingDriver.Context ctx = new StarlingDriver.Context().preset(DriverPreset.LOW_LATENCY).conclude();

        assertEquals(Configuration.TERM_BUFFER_LENGTH_DEFAULT, ctx.termBufferLengthBytes());
        assertEquals(Configuration.SOCKET_RCVBUF_LENGTH_DEFAULT, ctx.socketRcvbufLengthBytes());
        assertEquals(Configuration.COUNTERS_VALUES_BUFFER_LENGTH_DEFAULT, ctx.counterValuesBufferLengthBytes());
    }

    @Test
    void explicitValuesSurviveConclude()
    {
        final StarlingDriver.Context ctx = new StarlingDriver.Context()
            .preset(DriverPreset.LOW_LATENCY)
            .aeronDirectoryName("/tmp/starling-explicit")
            .termBufferLengthBytes(128 * 1024)
            .mtuLengthBytes(8192)
            .socketRcvbufLengthBytes(0)
            .lossRate(1.0)
            .lossSeed(7)
            .conclude();

        assertEquals("/tmp/starling-explicit", ctx.aeronDirectoryName());
        assertEquals(128 * 1024, ctx.termBufferLengthBytes());
        assertEquals(8192, ctx.mtuLengthBytes());
        assertEquals(0, ctx.socketRcvbufLengthBytes());
        assertEquals(1.0, ctx.lossRate());
        assertEquals(7, ctx.lossSeed());
    }

    @Test
    void defaultDirectoryNamesDiffer()
    {
        assertNotEquals(
            StarlingDriver.Context.defaultAeronDirectoryName(), StarlingDriver.Context.defaultAeronDirectoryName());
    }

    @Test
    void concludeRejectsBadValuesNamingTheField()
    {
        assertRejected("preset", (ctx) -> ctx.preset(null));
        assertRejected("preset=EXTERNAL", (ctx) -> ctx.preset(DriverPreset.EXTERNAL));
        assertRejected("aeronDirectoryName", (ctx) -> ctx.aeronDirectoryName(" "));
        assertRejected("termBufferLengthBytes", (ctx) -> ctx.termBufferLengthBytes(100_000));
        assertRejected("termBufferLengthBytes", (ctx) -> ctx.termBufferLengthBytes(32 * 1024));
        assertRejected("termBufferLengthBytes", (ctx) -> ctx.termBufferLengthBytes(-1));
        assertRejected("mtuLengthBytes", (ctx) -> ctx.mtuLengthBytes(1400));
        assertRejected("mtuLengthBytes", (ctx) -> ctx.mtuLengthBytes(32));
        assertRejected("mtuLengthBytes", (ctx) -> ctx.mtuLengthBytes(65536));
        assertRejected("socketRcvbufLengthBytes", (ctx) -> ctx.socketRcvbufLengthBytes(-1));
        assertRejected("socketRcvbufLengthBytes", (ctx) -> ctx.socketRcvbufLengthBytes(1024));
        assertRejected("socketSndbufLengthBytes", (ctx) -> ctx.socketSndbufLengthBytes(-1));
        assertRejected("socketSndbufLengthBytes", (ctx) -> ctx.mtuLengthBytes(8192).socketSndbufLengthBytes(4096));
        assertRejected("counterValuesBufferLengthBytes", (ctx) -> ctx.counterValuesBufferLengthBytes(4096));
        assertRejected("counterValuesBufferLengthBytes", (ctx) -> ctx.counterValuesBufferLengthBytes(3 << 20));
        assertRejected("timerIntervalNs", (ctx) -> ctx.timerIntervalNs(0));
        assertRejected("timerIntervalNs", (ctx) -> ctx.timerIntervalNs(2_000_000_000L));
        assertRejected("imageLivenessTimeoutNs", (ctx) -> ctx.imageLivenessTimeoutNs(1));
        assertRejected("publicationConnectionTimeoutNs", (ctx) -> ctx.publicationConnectionTimeoutNs(-5));
        assertRejected("publicationLingerTimeoutNs", (ctx) -> ctx.publicationLingerTimeoutNs(-1));
        assertRejected("lossRate", (ctx) -> ctx.lossRate(-0.1));
        assertRejected("lossRate", (ctx) -> ctx.lossRate(1.5));
        assertRejected("lossRate", (ctx) -> ctx.lossRate(Double.NaN));
    }

    @Test
    void launchRejectsBadValuesBeforeTouchingTheFileSystem()
    {
        final String name = StarlingDriver.Context.defaultAeronDirectoryName();
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class,
            () -> StarlingDriver.launch(new StarlingDriver.Context().aeronDirectoryName(name).lossRate(2.0)));

        assertTrue(ex.getMessage().startsWith("lossRate="), ex.getMessage());
        assertFalse(new File(name).exists());
    }

    private static void assertRejected(final String field, final Consumer<StarlingDriver.Context> change)
    {
        final StarlingDriver.Context ctx = new StarlingDriver.Context();
        change.accept(ctx);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().startsWith(field), field + ": " + ex.getMessage());
    }
}
