package io.starling.engine.sim;

import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.SwimNode;
import org.agrona.DirectBuffer;

/**
 * Creates the protocol nodes of a simulation, at start and on restart, and adapts the few operations that are not
 * part of {@link ProtocolNode} (metadata updates, graceful leave). The default is {@link SwimNodeFactory}; tests
 * plug in toy nodes.
 */
@FunctionalInterface
public interface NodeFactory
{
    /**
     * Create a node wired to the simulation's boundary implementations ({@link Simulation#timers()},
     * {@link Simulation#outbox()}, {@link Simulation#random()}, {@link Simulation#observer()},
     * {@link Simulation#counters(int)}, {@link Simulation#directory(int)}). Do not start it.
     *
     * @param sim       the simulation.
     * @param nodeIndex index of the node.
     * @param restart   true when replacing a crashed node (the node should join through
     *                  {@link Simulation#seedFor(int, boolean)}).
     * @return the node.
     */
    ProtocolNode newNode(Simulation sim, int nodeIndex, boolean restart);

    /**
     * Replace a node's metadata.
     *
     * @param node     created by this factory.
     * @param nowNs    current time.
     * @param metadata new metadata.
     * @param offset   of the metadata.
     * @param length   of the metadata.
     */
    default void updateMetadata(
        final ProtocolNode node, final long nowNs, final DirectBuffer metadata, final int offset, final int length)
    {
        if (node instanceof SwimNode)
        {
            ((SwimNode)node).updateMetadata(nowNs, metadata, offset, length);
        }
        else
        {
            throw new IllegalStateException(node.getClass().getSimpleName() + " does not support metadata updates");
        }
    }

    /**
     * Leave gracefully.
     *
     * @param node  created by this factory.
     * @param nowNs current time.
     */
    default void leave(final ProtocolNode node, final long nowNs)
    {
        if (node instanceof SwimNode)
        {
            ((SwimNode)node).leave(nowNs);
        }
        else
        {
            throw new IllegalStateException(node.getClass().getSimpleName() + " does not support leave");
        }
    }

    /**
     * Have a node learn a member ALIVE before it starts, without a message: {@link JoinMode#PRE_CONVERGED}.
     *
     * @param node     the node, not started.
     * @param nowNs    current time.
     * @param memberId the member it learns.
     * @param ipv4     the member's endpoint address.
     * @param port     the member's endpoint port.
     * @see SwimNode#learnConfigured(long, int, int, int)
     */
    default void learnConfigured(
        final ProtocolNode node, final long nowNs, final int memberId, final int ipv4, final int port)
    {
        if (node instanceof SwimNode)
        {
            ((SwimNode)node).learnConfigured(nowNs, memberId, ipv4, port);
        }
        else
        {
            throw new IllegalStateException(node.getClass().getSimpleName() + " cannot start converged");
        }
    }
}
