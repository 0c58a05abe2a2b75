package io.starling.engine.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The outcome of joining through the context's seeds ({@link StarlingEngine#joined()}): completed off the agent
 * thread with the first member of another process, at launch with null when there are no seeds, or failed after
 * {@code joinTimeoutMs} naming the seeds. It does not send or retry joins (the agent's nodes do).
 */
final class JoinOutcome implements Consumer<Member>
{
    private final CompletableFuture<Member> joined = new CompletableFuture<>();

    /**
     * @param ctx the concluded context: its seeds, its join timeout and the probe period the retries follow.
     */
    JoinOutcome(final StarlingEngine.Context ctx)
    {
        if (ctx.seeds().isEmpty())
        {
            joined.complete(null);
        }
        else
        {
            CompletableFuture.delayedExecutor(ctx.joinTimeoutMs(), TimeUnit.MILLISECONDS).execute(() ->
                joined.completeExceptionally(new TimeoutException("no member of the cluster answered through " +
                "seeds " + ctx.seeds() + " within joinTimeoutMs=" + ctx.joinTimeoutMs() +
                " (joins are still retried every " + 2 * ctx.protocolConfig().probeIntervalNs() / 1_000_000 +
                " ms)")));
        }
    }

    /**
     * The first member of another process seen alive, told on the agent thread.
     *
     * @param first the member.
     */
    public void accept(final Member first)
    {
        // Complete off the agent thread: dependents of the future must not run on the duty cycle.
        joined.completeAsync(() -> first);
    }

    CompletableFuture<Member> future()
    {
        return joined;
    }
}
