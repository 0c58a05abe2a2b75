/**
 * The deterministic simulator: the production protocol ({@link io.starling.engine.protocol.SwimNode}, unchanged)
 * in virtual time, for 10^3 to 10^4 nodes with full views in one JVM.
 * <p>
 * {@link io.starling.engine.sim.Simulation} owns a virtual clock, one seeded
 * {@link io.starling.engine.protocol.SeededRandom} (xoshiro256**) for the whole run, and an
 * {@link io.starling.engine.sim.EventQueue} (a primitive binary heap ordered by time, then insertion) of frame
 * deliveries, timer expiries, node starts and scenario actions. It implements the protocol's boundary: a timer
 * service whose timers are event slots, one shared {@link io.starling.engine.protocol.FramePacker} whose frames are
 * copied into a pooled {@link io.starling.engine.sim.FrameSlab} and queued through the
 * {@link io.starling.engine.sim.NetworkModel} (loss, per-link loss, latency, partitions), per-node counter sinks,
 * and an observer that feeds {@link io.starling.engine.sim.SimMetrics}. Faults: crash and restart, stop-the-world
 * pauses, slow nodes. {@link io.starling.engine.sim.SimMetrics#traceHash()} proves that a (context, seed) pair
 * reproduces a run bit for bit.
 * <p>
 * A scenario test reads like this:
 * <pre>{@code
 * Simulation sim = new Simulation(new Simulation.Context()
 *     .nodes(1_000).seed(7).joinMode(JoinMode.PRE_CONVERGED).lossRate(0.01));
 * sim.runPeriods(40);                                  // past the gossip that follows the start
 * int[] killed = sim.killNodes(10);
 * assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(120)));
 * double periods = sim.toPeriods(sim.metrics().detectAllNs());
 * assertEquals(0, sim.metrics().falsePositiveEvents());
 * }</pre>
 * Modelling notes:
 * <ul>
 * <li>Each node is its own process with a fake endpoint 10.0.0.0 + index + 1; node ids are
 * {@code firstNodeId + index}. All nodes share one {@link io.starling.engine.protocol.MemberDirectory}, as the
 * nodes of one real host do, so endpoints and metadata bytes are held once; each node's view (states,
 * incarnations, metadata versions) is its own.</li>
 * <li>Events at a paused node are handled when the pause ends, in their original order, with the time at the end:
 * an overdue probe timeout runs before the acks queued behind it, as after a GC pause.</li>
 * <li>{@link io.starling.engine.sim.JoinMode#PRE_CONVERGED} hands every node a full-state push-pull reply at start.
 * The node merges it like any push-pull, so it also queues every member for dissemination: expect a few periods
 * of full gossip frames and, within the first push-pull interval, each node's first push-pull, before steady
 * state. Measure after a warm-up ({@link io.starling.engine.sim.SimMetrics#markWindow(long)}).</li>
 * </ul>
 */
package io.starling.engine.sim;
