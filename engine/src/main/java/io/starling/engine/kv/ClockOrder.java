package io.starling.engine.kv;

/**
 * How one vector clock relates to another: {@code a.compare(b)}.
 */
public enum ClockOrder
{
    /** {@code a} happened before {@code b}: every counter of {@code a} is at most {@code b}'s, one is less. */
    BEFORE,
    /** {@code a} happened after {@code b}: {@code a} dominates {@code b}. */
    AFTER,
    /** Every counter is the same. */
    EQUAL,
    /** Neither dominates: the writes were concurrent. */
    CONCURRENT
}
