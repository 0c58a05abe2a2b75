import io.starling.bench.support.BenchNode;

/** Probe cycles the benchmark's setup runs before the dissemination queue is empty. */
public final class DrainLength
{
    public static void main(final String[] args)
    {
        System.out.println("drain cycles " + new BenchNode(1000).drainDisseminationQueue());
    }
}
