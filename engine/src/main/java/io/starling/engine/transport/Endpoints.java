package io.starling.engine.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Endpoint helpers: parse {@code host:port}, pack an IPv4 address (host order) and port into one long key, and
 * format them back. Parsing allocates and resolves names: call it off the duty cycle.
 */
public final class Endpoints
{
    private Endpoints()
    {
    }

    /**
     * @param ipv4 address (host order).
     * @param port UDP port.
     * @return a key unique per endpoint.
     */
    public static long key(final int ipv4, final int port)
    {
        return ((ipv4 & 0xFFFF_FFFFL) << 16) | (port & 0xFFFF);
    }

    /**
     * @param key from {@link #key(int, int)}.
     * @return the IPv4 address.
     */
    public static int ipv4(final long key)
    {
        return (int)(key >>> 16);
    }

    /**
     * @param key from {@link #key(int, int)}.
     * @return the port.
     */
    public static int port(final long key)
    {
        return (int)(key & 0xFFFF);
    }

    /**
     * Parse {@code host:port}, resolving the host to an IPv4 address.
     *
     * @param field    name of the setting or flag, for the error message.
     * @param hostPort text such as {@code 10.0.0.1:7946} or {@code localhost:7946}.
     * @return the endpoint key.
     * @throws IllegalArgumentException naming the field if the text is not a usable IPv4 endpoint.
     */
    public static long parse(final String field, final String hostPort)
    {
        if (null == hostPort)
        {
            throw new IllegalArgumentException(field + " must be HOST:PORT, got null");
        }
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
        {
            throw new IllegalArgumentException(field + " must be HOST:PORT, got '" + hostPort + "'");
        }
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(field + " has a bad port in '" + hostPort + "'");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException(field + " port must be in [1, 65535], got '" + hostPort + "'");
        }
        return key(resolveIpv4(field, hostPort.substring(0, colon)), port);
    }

    /**
     * @param field for the error message.
     * @param host  name or dotted quad.
     * @return IPv4 address in host order.
     */
    public static int resolveIpv4(final String field, final String host)
    {
        try
        {
            for (final InetAddress address : InetAddress.getAllByName(host))
            {
                if (address instanceof Inet4Address)
                {
                    return toInt(address.getAddress());
                }
            }
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(field + " host '" + host + "' cannot be resolved");
        }
        throw new IllegalArgumentException(field + " host '" + host + "' has no IPv4 address");
    }

    /**
     * @param ipv4 address (host order).
     * @return true for 0.0.0.0.
     */
    public static boolean isWildcard(final int ipv4)
    {
        return 0 == ipv4;
    }

    /**
     * @param ipv4 address (host order).
     * @return dotted quad.
     */
    public static String formatIpv4(final int ipv4)
    {
        return ((ipv4 >>> 24) & 0xFF) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." +
            (ipv4 & 0xFF);
    }

    /**
     * @param key from {@link #key(int, int)}.
     * @return {@code a.b.c.d:port}.
     */
    public static String format(final long key)
    {
        return formatIpv4(ipv4(key)) + ":" + port(key);
    }

    private static int toInt(final byte[] b)
    {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
