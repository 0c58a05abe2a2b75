/**
 * The public API: {@link io.starling.engine.api.StarlingEngine} (launch, commands, views), its settings
 * {@code StarlingEngine.Context} (defaults and {@code conclude()} in {@code StarlingEngineContext}, which extends one
 * class per group: {@code EngineNodeSettings}, {@code EngineHostSettings}, {@code EngineNetworkSettings}), the member
 * view and the listener interfaces an application implements for membership, replication and probe round trips.
 * Launch opens the engine's resources in {@code EngineResources} (directory, metrics file, driver, transports,
 * command queue, cipher, control threads, agent runner), which closes them in reverse.
 */
package io.starling.engine.api;
