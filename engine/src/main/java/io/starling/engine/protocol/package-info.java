/**
 * The SWIM + Lifeguard membership protocol, sans-IO: it never reads a clock, a random source or a socket; time
 * comes in as {@code nowNs}, randomness through {@link io.starling.engine.protocol.RandomSource}, timers through
 * {@link io.starling.engine.protocol.TimerService}, frames leave through {@link io.starling.engine.protocol.Outbox}.
 * The host and the simulator run the same code.
 * <p>
 * {@link io.starling.engine.protocol.SwimNode} is a node's shell: it validates frames, has {@code MessageRouter} hand
 * each message to its mechanism and routes timers; there is one package-private class per mechanism ({@code ProbeScheduler}, {@code IndirectProbe}, {@code ProbeRelay}
 * (the answering side: Ack a Ping, relay a PingReq), {@code Suspicion}, {@code Refutation} (every change of the
 * node's own entry), {@code LocalHealth}, {@code UpdateMerge}, {@code Piggyback}, {@code Gossip},
 * {@code PushPullSync}, {@code Join}, {@code Leave}, {@code Reconnect}, {@code ContactReturn},
 * {@code OnDemandPings}). The data structures the mechanisms share are public:
 * {@link io.starling.engine.protocol.MembershipTable} (one 64-bit word per member), {@link io.starling.engine.protocol.MemberDirectory} (endpoints and metadata, per process),
 * {@link io.starling.engine.protocol.ProbeOrder}, {@link io.starling.engine.protocol.DisseminationQueue},
 * {@link io.starling.engine.protocol.FramePacker}, and the configuration and counters.
 */
package io.starling.engine.protocol;
