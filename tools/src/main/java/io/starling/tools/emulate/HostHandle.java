package io.starling.tools.emulate;

/**
 * The coordinator's handle on one hosting process: this one ({@link InProcessHost}) or a child JVM
 * ({@link ChildHost}).
 */
interface HostHandle extends AutoCloseable
{
    /**
     * @return index of the host.
     */
    int index();

    /**
     * Launch the engines.
     *
     * @return the launch time ({@link System#nanoTime()}).
     */
    long start();

    /**
     * @param resetWindow true to start a new duty-cycle window after this snapshot.
     * @param diagnose    true to list which (observer, member) pairs are not ALIVE (costs a scan of the views).
     * @return a fresh snapshot.
     */
    HostStatus status(boolean resetWindow, boolean diagnose);

    /**
     * Count detections from now on and crash the victims hosted there.
     *
     * @return the kill time ({@link System#nanoTime()}).
     */
    long kill();

    /**
     * Close the engines and, for a child, wait for it to exit.
     *
     * @return null if the host closed cleanly, else why not.
     */
    String stop();

    /**
     * Stop at once, quietly (shutdown hook, failure paths). Idempotent.
     */
    void close();
}
