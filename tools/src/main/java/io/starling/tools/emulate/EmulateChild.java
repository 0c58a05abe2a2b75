package io.starling.tools.emulate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A child JVM of {@code starling emulate --processes P}: hosts one share of the cluster ({@link EmulateHost}) and
 * talks to the coordinator over a line protocol, commands on stdin and replies on stdout (anything else the
 * process prints goes to stderr, which the coordinator forwards):
 * <pre>
 *   child:  UP pid
 *   coord:  START {plan json}            child: STARTED launchNs engineDirectory...
 *   coord:  STATUS seq RD                child: STATUS seq {status json}   (R reset window, D diagnose: 0|1)
 *   coord:  KILL seq                     child: KILLED seq killNs
 *   coord:  STOP (or stdin closes)       child: BYE, exit 0
 *   child:  ERROR message                (a command failed; the coordinator gives up)
 * </pre>
 * The child closes its engines (removing their directories) and exits when told to stop, when stdin closes, when
 * its parent dies, or on SIGTERM (shutdown hook).
 */
public final class EmulateChild
{
    static final String UP = "UP";
    static final String START = "START";
    static final String STARTED = "STARTED";
    static final String STATUS = "STATUS";
    static final String KILL = "KILL";
    static final String KILLED = "KILLED";
    static final String STOP = "STOP";
    static final String BYE = "BYE";
    static final String ERROR = "ERROR";

    static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static volatile EmulateHost host;

    private EmulateChild()
    {
    }

    /**
     * @param args unused: the plan arrives on stdin.
     */
    public static void main(final String[] args)
    {
        final PrintStream protocol = new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(EmulateChild::closeHost, "emulate-child-shutdown"));
        ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(3)));

        send(protocol, UP + " " + ProcessHandle.current().pid());
        int exitCode = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                final String reply;
                try
                {
                    reply = onCommand(line.trim());
                }
                catch (final Exception ex)
                {
                    send(protocol, ERROR + " " + oneLine(ex));
                    continue;
                }
                if (null == reply)
                {
                    break;
                }
                send(protocol, reply);
            }
        }
        catch (final Exception ex)
        {
            send(protocol, ERROR + " " + oneLine(ex));
            exitCode = 1;
        }
        closeHost();
        send(protocol, BYE);
        System.exit(exitCode);
    }

    private static String onCommand(final String line) throws Exception
    {
        final String[] parts = line.split(" ", 3);
        switch (parts[0])
        {
            case START:
            {
                if (null != host)
                {
                    throw new IllegalStateException("already started");
                }
                final HostPlan plan = MAPPER.readValue(line.substring(START.length()).trim(), HostPlan.class);
                final EmulateHost h = new EmulateHost(plan);
                host = h;
                final long startNs = h.start();
                return STARTED + " " + startNs + " " + String.join(" ", h.directories());
            }
            case STATUS:
            {
                final String flags = parts.length > 2 ? parts[2] : "00";
                final boolean reset = flags.length() > 0 && '1' == flags.charAt(0);
                final boolean diagnose = flags.length() > 1 && '1' == flags.charAt(1);
                return STATUS + " " + parts[1] + " " + MAPPER.writeValueAsString(started().status(reset, diagnose));
            }
            case KILL:
                return KILLED + " " + parts[1] + " " + started().kill();
            case STOP:
                return null;
            default:
                throw new IllegalArgumentException("unknown command '" + parts[0] + "'");
        }
    }

    private static EmulateHost started()
    {
        final EmulateHost h = host;
        if (null == h)
        {
            throw new IllegalStateException("not started");
        }
        return h;
    }

    private static void closeHost()
    {
        final EmulateHost h = host;
        if (null != h)
        {
            h.close();
        }
    }

    private static void send(final PrintStream protocol, final String line)
    {
        synchronized (protocol)
        {
            protocol.println(line);
            protocol.flush();
        }
    }

    static String oneLine(final Throwable t)
    {
        final String message = null == t.getMessage() ? t.toString() : t.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
