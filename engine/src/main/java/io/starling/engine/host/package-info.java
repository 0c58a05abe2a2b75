/**
 * The real-time host: the agent that runs a process's protocol nodes on one thread (duty cycle, timer wheel,
 * commands from other threads). Time is read once per duty cycle and handed down.
 */
package io.starling.engine.host;
