/**
 * Link schedules: when each directed link between two nodes is up, with its one-way latency and loss, read from an
 * ION contact plan or a CSV file ({@link io.starling.engine.schedule.ContactPlan}), held as an immutable
 * {@link io.starling.engine.schedule.LinkSchedule}, and turned step by step into best paths between every pair of
 * nodes ({@link io.starling.engine.schedule.PathTable}, {@link io.starling.engine.schedule.ScheduledPaths}) that the
 * one fault model ({@link io.starling.engine.transport.FaultModel}) consults for every frame, in the simulator (virtual
 * time) and in the real-time host (in-memory and Aeron paths).
 */
package io.starling.engine.schedule;
