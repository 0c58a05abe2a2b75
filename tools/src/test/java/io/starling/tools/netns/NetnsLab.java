package io.starling.tools.netns;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.starling.engine.api.StarlingEngine;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Assumptions;

/**
 * A small network of "hosts" made of Linux network namespaces, for running {@code starling node} processes across
 * hosts on one machine and cutting the links between them.
 * <p>
 * Topology: host {@code h} is namespace {@code <prefix>-h<h>} with address {@code 10.77.0.<h+1>/32} on its loopback
 * device; every pair of hosts is joined by a veth pair ({@code p<j>} in host i, {@code p<i>} in host j) with a /32
 * route to the peer through it. Nothing is created in the namespace the tests run in, so no traffic can leave the
 * lab: deleting a namespace deletes its links.
 * <p>
 * Cuts: {@link Cut#LINK_DOWN} sets both ends of every link between the two groups down (their routes go with them, so
 * senders get "network unreachable"); {@link Cut#BLACKHOLE} keeps the links up and makes every host of each group
 * silently discard, at IP input, every packet from the other group (a policy rule placed before the local table),
 * which is what a partition in a routed network looks like to a sender. {@link #heal()} undoes either.
 * <p>
 * Clean-up: {@link #close()} stops every process it started (SIGCONT, SIGTERM, then SIGKILL), kills anything else
 * still inside its namespaces, removes the engine directories of processes that could not remove their own, and
 * deletes the namespaces; a shutdown hook does the same if the JVM exits first. Names carry the owner's pid
 * ({@code stn<pid>r<random>-...}); {@link #create(int)} first sweeps namespaces left by owners that are no longer
 * running (a JVM killed with SIGKILL), with their processes and directories.
 */
final class NetnsLab implements AutoCloseable
{
    /**
     * Prefix of every namespace (and flooder directory) a lab creates; {@code -Dstarling.netns.root=...} gives
     * concurrent builds on one machine names of their own.
     */
    static final String ROOT = System.getProperty("starling.netns.root", "stn").replaceAll("[^a-z0-9]", "");
    /** UDP port every node process binds in its own host. */
    static final int PORT = 7946;
    /** Safety net for children: a node process exits by itself after this long even if the lab vanished. */
    static final int CHILD_MAX_DURATION_S = 900;

    private static final Pattern OWNED = Pattern.compile("^" + ROOT + "(\\d+)r[0-9a-f]+-.*");
    private static final String SUBNET = "10.77.0.";
    private static final String BASE_DIRECTORY = StarlingEngine.Context.defaultBaseDirectory();
    private static final int CUT_RULE_PREFERENCE = 10;
    private static final int LOCAL_RULE_PREFERENCE = 100;

    /** How a cut separates two groups of hosts. */
    enum Cut
    {
        /** Both ends of every link between the groups are set down. */
        LINK_DOWN,
        /** Links stay up; each side silently discards every packet from the other. */
        BLACKHOLE
    }

    private final String prefix;
    private final int hosts;
    private final List<String> namespaces = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();
    private final Thread shutdownHook;
    private Cut cut;
    private boolean blackholeSupported = true;
    private boolean closed;

    private NetnsLab(final int hosts)
    {
        this.prefix = ROOT + ProcessHandle.current().pid() + "r" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        this.hosts = hosts;
        this.shutdownHook = new Thread(this::closeQuietly, "netns-lab-cleanup");
    }

    /**
     * Sweep leftovers of dead owners, then build a lab; skips the calling test (JUnit assumption) where namespaces
     * cannot be made here.
     *
     * @param hosts number of hosts, 2 to 250.
     * @return the lab; close it.
     */
    static NetnsLab create(final int hosts)
    {
        if (hosts < 2 || hosts > 250)
        {
            throw new IllegalArgumentException("hosts=" + hosts + " must be in [2, 250]");
        }
        assumeNamespacesCanBeMade();
        sweepLeftovers();
        final NetnsLab lab = new NetnsLab(hosts);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try
        {
            lab.build();
        }
        catch (final RuntimeException | Error ex)
        {
            lab.close();
            throw ex;
        }
        return lab;
    }

    /**
     * Skip the calling test, saying why, unless this is Linux with {@code ip} and the right to make a namespace.
     */
    static void assumeNamespacesCanBeMade()
    {
        final String os = System.getProperty("os.name", "");
        Assumptions.assumeTrue(os.toLowerCase(Locale.ROOT).contains("linux"),
            "network namespaces need Linux; this is " + os);
        final Shell.Result version = Shell.run("ip", "-V");
        Assumptions.assumeTrue(version.ok(), "no usable 'ip' command (iproute2): " + version.output().trim());
        final String probe = ROOT + ProcessHandle.current().pid() + "r0-probe";
        final Shell.Result add = Shell.run("ip", "netns", "add", probe);
        Shell.run("ip", "netns", "del", probe);
        Assumptions.assumeTrue(add.ok(),
            "cannot make a network namespace here (needs root or CAP_SYS_ADMIN): " + add.output().trim());
    }

    /**
     * Remove what labs of owners no longer running left behind: processes inside their namespaces (SIGKILL, by
     * pid), those processes' engine directories, flooder directories, and the namespaces.
     *
     * @return namespaces removed.
     */
    static List<String> sweepLeftovers()
    {
        final List<String> removed = new ArrayList<>();
        for (final String ns : listNamespaces())
        {
            final Matcher m = OWNED.matcher(ns);
            if (!m.matches())
            {
                continue;
            }
            final long owner = Long.parseLong(m.group(1));
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false))
            {
                continue;
            }
            final List<Long> pids = pidsIn(ns);
            for (final long pid : pids)
            {
                Shell.run("kill", "-KILL", Long.toString(pid));
            }
            for (final long pid : pids)
            {
                waitGone(pid);
                removeEngineDirectoriesOf(pid);
            }
            removeOwnedDirectories(owner);
            if (Shell.run("ip", "netns", "del", ns).ok())
            {
                removed.add(ns);
            }
        }
        return removed;
    }

    String prefix()
    {
        return prefix;
    }

    int hosts()
    {
        return hosts;
    }

    String namespace(final int host)
    {
        return namespaces.get(host);
    }

    List<String> namespaces()
    {
        return List.copyOf(namespaces);
    }

    static String address(final int host)
    {
        return SUBNET + (host + 1);
    }

    static String endpoint(final int host)
    {
        return address(host) + ":" + PORT;
    }

    /**
     * @return a directory name under the engines' base directory that the sweep recognises as this lab's.
     */
    String ownedDirectory(final String name)
    {
        return new File(BASE_DIRECTORY, prefix + "-" + name).getAbsolutePath();
    }

    /**
     * Start {@code starling node} in a host, binding {@link #endpoint(int)}, with JSON status lines.
     *
     * @param host       which host.
     * @param nodes      nodes to host.
     * @param nodeIdBase first node id.
     * @param periodMs   protocol period.
     * @param seeds      hosts to join through.
     * @return the process.
     */
    ChildProcess startNode(
        final int host, final int nodes, final int nodeIdBase, final long periodMs, final Collection<Integer> seeds)
    {
        final List<String> args = new ArrayList<>(List.of("node",
            "--bind", endpoint(host),
            "--nodes", Integer.toString(nodes),
            "--node-id-base", Integer.toString(nodeIdBase),
            "--period-ms", Long.toString(periodMs),
            "--status-interval-ms", "250",
            "--status-json",
            "--duration-s", Integer.toString(CHILD_MAX_DURATION_S)));
        if (!seeds.isEmpty())
        {
            final List<String> endpoints = new ArrayList<>();
            for (final int seed : seeds)
            {
                endpoints.add(endpoint(seed));
            }
            args.add("--seeds");
            args.add(String.join(",", endpoints));
        }
        return startJava(host, "node-h" + host, StarlingMain.class.getName(), args);
    }

    /**
     * Start a JVM with this test class path inside a host.
     *
     * @param host      which host.
     * @param name      for messages.
     * @param mainClass class to run.
     * @param args      its arguments.
     * @return the process.
     */
    synchronized ChildProcess startJava(
        final int host, final String name, final String mainClass, final List<String> args)
    {
        if (closed)
        {
            throw new IllegalStateException("lab closed");
        }
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host), java,
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            final ChildProcess child = new ChildProcess(name, process);
            children.add(child);
            return child;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + name + " in " + namespace(host), ex);
        }
    }

    /**
     * Separate two groups of hosts.
     *
     * @param groupA hosts on one side.
     * @param groupB hosts on the other.
     * @param how    how to cut.
     */
    synchronized void cut(final Collection<Integer> groupA, final Collection<Integer> groupB, final Cut how)
    {
        if (null != cut)
        {
            throw new IllegalStateException("already cut (" + cut + "); heal first");
        }
        Assumptions.assumeTrue(Cut.LINK_DOWN == how || blackholeSupported,
            "BLACKHOLE cuts need policy routing rules ('ip rule'), which this kernel refused");
        cut = how;
        for (final int a : groupA)
        {
            for (final int b : groupB)
            {
                if (Cut.LINK_DOWN == how)
                {
                    ip(a, "link", "set", "p" + b, "down");
                    ip(b, "link", "set", "p" + a, "down");
                }
                else
                {
                    ip(a, "rule", "add", "pref", Integer.toString(CUT_RULE_PREFERENCE), "from", address(b),
                        "blackhole");
                    ip(b, "rule", "add", "pref", Integer.toString(CUT_RULE_PREFERENCE), "from", address(a),
                        "blackhole");
                }
            }
        }
    }

    /**
     * Undo a cut: every link up with its route, no discard rule.
     */
    synchronized void heal()
    {
        for (int i = 0; i < hosts; i++)
        {
            while (blackholeSupported && Shell.run("ip", "-n", namespace(i), "rule", "del", "pref",
                Integer.toString(CUT_RULE_PREFERENCE)).ok())
            {
                // one rule per peer of the other group
            }
            for (int j = 0; j < hosts; j++)
            {
                if (i != j)
                {
                    ip(i, "link", "set", "p" + j, "up");
                    ip(i, "route", "replace", address(j) + "/32", "dev", "p" + j, "src", address(i));
                }
            }
        }
        cut = null;
    }

    /**
     * @return process ids inside this lab's namespaces.
     */
    List<Long> pids()
    {
        final List<Long> pids = new ArrayList<>();
        for (final String ns : namespaces)
        {
            pids.addAll(pidsIn(ns));
        }
        return pids;
    }

    /**
     * Stop every child started so far (in parallel: SIGCONT and SIGTERM to all, then wait), remove the engine
     * directories of any that did not exit by themselves, and kill whatever else is left in the namespaces.
     */
    synchronized void stopChildren()
    {
        stopChildrenExcept(List.of());
    }

    /**
     * Like {@link #stopChildren()}, but leave these running.
     *
     * @param keep children to leave running.
     */
    synchronized void stopChildrenExcept(final Collection<ChildProcess> keep)
    {
        final List<ChildProcess> stopping = new ArrayList<>();
        final Set<Long> kept = new LinkedHashSet<>();
        for (final ChildProcess child : children)
        {
            if (keep.contains(child) && child.isAlive())
            {
                kept.add(child.pid());
            }
            else
            {
                stopping.add(child);
            }
        }
        for (final ChildProcess child : stopping)
        {
            if (child.isAlive())
            {
                Shell.run("kill", "-CONT", Long.toString(child.pid()));
                child.process().destroy();
            }
        }
        for (final ChildProcess child : stopping)
        {
            try
            {
                child.stop(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                child.process().destroyForcibly();
            }
            child.removeEngineDirectory();
            removeEngineDirectoriesOf(child.pid());
        }
        children.removeAll(stopping);
        for (final long pid : pids())
        {
            if (!kept.contains(pid))
            {
                Shell.run("kill", "-KILL", Long.toString(pid));
                waitGone(pid);
                removeEngineDirectoriesOf(pid);
            }
        }
    }

    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            stopChildren();
        }
        finally
        {
            for (final String ns : namespaces)
            {
                final Shell.Result del = Shell.run("ip", "netns", "del", ns);
                if (!del.ok())
                {
                    System.err.println("netns lab: " + del.command() + ": " + del.output().trim());
                }
            }
            final File[] dirs = new File(BASE_DIRECTORY).listFiles((d, name) -> name.startsWith(prefix + "-"));
            if (null != dirs)
            {
                for (final File dir : dirs)
                {
                    ChildProcess.deleteRecursively(dir);
                }
            }
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException ignore)
            {
                // Called from the hook itself while the JVM shuts down.
            }
        }
    }

    private void closeQuietly()
    {
        try
        {
            close();
        }
        catch (final RuntimeException ex)
        {
            ex.printStackTrace();
        }
    }

    private void build()
    {
        for (int h = 0; h < hosts; h++)
        {
            final String ns = prefix + "-h" + h;
            Shell.run("ip", "netns", "add", ns).orThrow();
            namespaces.add(ns);
            ip(h, "link", "set", "lo", "up");
            ip(h, "addr", "add", address(h) + "/32", "dev", "lo");
            // Move the local table's rule behind the cut rules, so a discard rule can act before local delivery
            // (needs policy routing; without it only LINK_DOWN cuts are available).
            blackholeSupported &= Shell.run("ip", "-n", ns, "rule", "add", "pref",
                Integer.toString(LOCAL_RULE_PREFERENCE), "table", "local").ok() &&
                Shell.run("ip", "-n", ns, "rule", "del", "pref", "0", "table", "local").ok();
        }
        for (int i = 0; i < hosts; i++)
        {
            for (int j = i + 1; j < hosts; j++)
            {
                ip(i, "link", "add", "p" + j, "type", "veth", "peer", "name", "p" + i, "netns", namespace(j));
                ip(i, "link", "set", "p" + j, "up");
                ip(j, "link", "set", "p" + i, "up");
                ip(i, "route", "replace", address(j) + "/32", "dev", "p" + j, "src", address(i));
                ip(j, "route", "replace", address(i) + "/32", "dev", "p" + i, "src", address(j));
            }
        }
    }

    private void ip(final int host, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", namespace(host)));
        command.addAll(List.of(args));
        Shell.run(command).orThrow();
    }

    private static List<String> listNamespaces()
    {
        final Set<String> names = new LinkedHashSet<>();
        final Shell.Result list = Shell.run("ip", "netns", "list");
        if (list.ok())
        {
            list.output().lines().map(String::trim).filter((l) -> !l.isEmpty())
                .forEach((l) -> names.add(l.split("\\s+")[0]));
        }
        return new ArrayList<>(names);
    }

    private static List<Long> pidsIn(final String ns)
    {
        final List<Long> pids = new ArrayList<>();
        final Shell.Result result = Shell.run("ip", "netns", "pids", ns);
        if (result.ok())
        {
            result.output().lines().map(String::trim).filter((l) -> l.matches("\\d+"))
                .forEach((l) -> pids.add(Long.parseLong(l)));
        }
        return pids;
    }

    private static void waitGone(final long pid)
    {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadlineNs)
        {
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Remove {@code starling-<pid>-...} engine directories of a process that is no longer running.
     */
    static void removeEngineDirectoriesOf(final long pid)
    {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            return;
        }
        final File[] dirs = new File(BASE_DIRECTORY).listFiles(
            (d, name) -> name.startsWith("starling-") && StarlingEngine.Context.pidOf(name) == pid);
        if (null != dirs)
        {
            for (final File dir : dirs)
            {
                ChildProcess.deleteRecursively(dir);
            }
        }
    }

    private static void removeOwnedDirectories(final long owner)
    {
        final File[] dirs = new File(BASE_DIRECTORY).listFiles(
            (d, name) -> name.startsWith(ROOT + owner + "r"));
        if (null != dirs)
        {
            for (final File dir : dirs)
            {
                ChildProcess.deleteRecursively(dir);
            }
        }
    }
}
