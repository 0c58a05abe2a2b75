package io.starling.tools.emulate;

/**
 * A host running in the coordinator's own process.
 */
final class InProcessHost implements HostHandle
{
    private final EmulateHost host;

    /**
     * @param plan what to host.
     */
    InProcessHost(final HostPlan plan)
    {
        this.host = new EmulateHost(plan);
    }

    /**
     * @return the host itself (for measurements only an in-process host offers).
     */
    EmulateHost host()
    {
        return host;
    }

    public int index()
    {
        return host.plan().host;
    }

    public long start()
    {
        return host.start();
    }

    public HostStatus status(final boolean resetWindow, final boolean diagnose)
    {
        return host.status(resetWindow, diagnose);
    }

    public long kill()
    {
        return host.kill();
    }

    public String stop()
    {
        host.close();
        return null;
    }

    public void close()
    {
        host.close();
    }
}
