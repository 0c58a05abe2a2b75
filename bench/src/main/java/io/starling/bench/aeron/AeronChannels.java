package io.starling.bench.aeron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

import io.starling.driver.DriverPreset;
import io.starling.engine.transport.AeronTransport;

/**
 * Channels, streams and presets of the two-process ping-pong. Everything is on the loopback address.
 */
public final class AeronChannels
{
    /** Stream of requests, parent to child. */
    public static final int PING_STREAM_ID = 1_001;
    /** Stream of replies, child to parent. */
    public static final int PONG_STREAM_ID = 1_002;
    /** Address every endpoint binds to. */
    public static final String HOST = "127.0.0.1";
    /** Largest message that fits one datagram at Aeron's default MTU (1,408 minus the 32 byte data header). */
    public static final int MTU_PAYLOAD_BYTES = 1_376;

    private AeronChannels()
    {
    }

    /**
     * @param port UDP port on the loopback address.
     * @return a unicast UDP channel to that endpoint with the MTU and term length of Starling's publications
     * ({@link AeronTransport}), so the raw baseline has the same flow-control window as the subject it is compared
     * with.
     */
    public static String udp(final int port)
    {
        return "aeron:udp?endpoint=" + HOST + ":" + port + "|mtu=" + AeronTransport.MTU_LENGTH_DEFAULT +
            "|term-length=" + AeronTransport.TERM_LENGTH_DEFAULT;
    }

    /**
     * A UDP port free on the loopback address right now (the OS picks it; it is released before use, so another
     * process could take it in between, which is unlikely and fails loudly at bind time).
     *
     * @return a port.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param preset a preset.
     * @return its name in files and flags: {@code density}, {@code low-latency}.
     */
    public static String presetName(final DriverPreset preset)
    {
        return preset.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name {@code density} or {@code low-latency} (any case, '-' or '_').
     * @return the preset.
     * @throws IllegalArgumentException naming the value if it is not a preset.
     */
    public static DriverPreset parsePreset(final String name)
    {
        final String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final DriverPreset preset : DriverPreset.values())
        {
            if (DriverPreset.EXTERNAL != preset && preset.name().equals(key))
            {
                return preset;
            }
        }
        throw new IllegalArgumentException("preset '" + name + "' is not one of density, low-latency");
    }
}
