/**
 * Launching and tuning the Aeron media driver for Starling: the {@link io.starling.driver.DriverPreset presets},
 * a per-process directory, and fault injection (random receive loss through Aeron's loss generators, and a
 * run-time switchable {@link io.starling.driver.PartitionMatrix}, the one partition matrix the engine and the
 * simulator use too). Start with
 * {@link io.starling.driver.StarlingDriver#launch(io.starling.driver.StarlingDriver.Context)}.
 */
package io.starling.driver;
