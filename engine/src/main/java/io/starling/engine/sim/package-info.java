/**
 * The deterministic simulator: the production protocol ({@link io.starling.engine.protocol.SwimNode}, unchanged)
 * in virtual time, for 10^3 to 10^4 nodes with full views in one JVM.
 * <p>
 * {@link io.starling.engine.sim.Simulation} (settings in {@link io.starling.engine.sim.SimulationContext}) is the
 * public face; one file per mechanism behind it: {@code SimClock} (virtual time), one seeded
 * {@link io.starling.engine.protocol.SeededRandom} (xoshiro256**) for the whole run, an
 * {@link io.starling.engine.sim.EventQueue} (a primitive binary heap ordered by time, then insertion) of frame
 * deliveries, timer expiries, node starts and scenario actions, {@code SimEventLoop} (the earliest event to its
 * node; crashed, paused and slow nodes), {@code SimNodes} (node lifecycle: start, kill, restart, pause, slow). It
 * implements the protocol's boundary: {@code SimTimers} (timers are event slots), one shared
 * {@link io.starling.engine.protocol.FramePacker} whose frames {@code FrameCarrier} copies into a pooled
 * {@link io.starling.engine.sim.FrameSlab} and queues through the {@link io.starling.engine.sim.NetworkModel}
 * (loss, per-link loss, latency, partitions), {@code SimCounters} (per-node counter sinks), and {@code SimObserver},
 * which feeds {@link io.starling.engine.sim.SimMetrics}: {@code MemberViews} (view matrix, convergence),
 * {@code DetectionMetrics}, {@code FalsePositiveMetrics}, {@code DisseminationMetrics}, {@code TrafficMetrics}
 * and {@code TraceHash}. {@link io.starling.engine.sim.SimMetrics#traceHash()} proves that a (context, seed) pair
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
 * <li>{@link io.starling.engine.sim.JoinMode#PRE_CONVERGED} has every node learn every other ALIVE right before it
 * starts, by configuration and without gossip, as a host's co-hosted nodes do: the first frames are probes and
 * each node's own announcement. Each node's first push-pull still falls within the first push-pull interval.</li>
 * </ul>
 */
package io.starling.engine.sim;
