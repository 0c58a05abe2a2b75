package io.starling.engine.host;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.TreeSet;

import io.starling.engine.protocol.MembershipObserver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListenerInvokerTest
{
    /**
     * Every event the protocol gives the host reaches the application's observer. The agent did not forward
     * {@code onNodeIdConflict} (nor {@code onMemberMetadataReceived}), so {@code MembershipListener.onIdConflict}
     * about a node's own id never fired in the real-time host (issue 12, defect 4).
     */
    @Test
    void everyObserverEventIsForwarded() throws Exception
    {
        final Set<String> received = new TreeSet<>();
        final MembershipObserver recording = (MembershipObserver)Proxy.newProxyInstance(
            MembershipObserver.class.getClassLoader(), new Class<?>[] {MembershipObserver.class},
            (proxy, method, args) ->
            {
                received.add(method.getName());
                return null;
            });
        final ListenerInvoker invoker = new ListenerInvoker(recording, (nowNs) -> {},
            new HostGauges(null, null, null, null, null), null, Throwable::printStackTrace);

        final Set<String> declared = new TreeSet<>();
        for (final Method method : MembershipObserver.class.getMethods())
        {
            if (Modifier.isStatic(method.getModifiers()))
            {
                continue;
            }
            declared.add(method.getName());
            final Class<?>[] types = method.getParameterTypes();
            final Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++)
            {
                args[i] = long.class == types[i] ? (Object)0L : (Object)0;
            }
            method.invoke(invoker, args);
        }
        assertEquals(declared, received);
    }
}
