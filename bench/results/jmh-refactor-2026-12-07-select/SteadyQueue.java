import io.starling.bench.support.BenchNode;

/** After the setup's drain: in how many of the next probe cycles is an update queued, and at which cycles first. */
public final class SteadyQueue
{
    public static void main(final String[] args)
    {
        final BenchNode b = new BenchNode(1000);
        System.out.println("drain " + b.drainDisseminationQueue());
        int nonEmpty = 0;
        final StringBuilder first = new StringBuilder();
        for (int i = 0; i < 2_000_000; i++)
        {
            if (b.node().pendingUpdates() > 0)
            {
                if (nonEmpty++ < 20)
                {
                    first.append(i).append(' ');
                }
            }
            b.probeCycle();
        }
        System.out.println("cycles with a queued update: " + nonEmpty + " of 2000000; first at " + first);
    }
}
