/**
 * The real-time host: the agent that runs a process's protocol nodes on one thread. {@code StarlingAgent} is the
 * duty cycle; {@code InboundRouter} and {@code OutboundRouter} move frames in and out, {@code CommandAdapter} applies
 * commands from other threads, {@code ListenerInvoker} tells the application, {@code HostGauges} publishes gauges.
 * Time is read once per duty cycle and handed down.
 */
package io.starling.engine.host;
