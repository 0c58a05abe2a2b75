/**
 * {@code starling emulate} and {@code starling density}: real-time clusters on loopback. {@code EmulateCommand} is
 * the command, {@code EmulateOptions} its flags and their checks, {@code ClusterPlan}/{@code HostPlan} the layout
 * over processes; {@code Emulation} runs the phases in order ({@code LaunchPhase}, {@code ConvergePhase}, settling
 * and {@code DetectPhase}, {@code SteadyWindowPhase}, {@code PropagationPhase}), each polling the hosts through
 * {@code ClusterSnapshots}; {@code EmulationReport} writes the result document and the summary. A host
 * ({@code EmulateHost}, in this process or a child JVM through {@code ChildHost}/{@code EmulateChild}) runs the
 * engines and watches their views ({@code ViewTracker}); joining and its retries are the engine's own.
 */
package io.starling.tools.emulate;
