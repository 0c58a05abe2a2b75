package io.starling.engine.kv;

/**
 * What {@link KvStore#merge} did with a remote version.
 */
public enum MergeResult
{
    /** The key was unknown: the version was added. */
    ADDED,
    /** The version dominated every local version of the key and replaced them. */
    REPLACED,
    /** The version was concurrent with a local version: both are kept as siblings. */
    SIBLING,
    /** The version was dominated by, or equal to, a local version: nothing changed. */
    IGNORED,
    /** The version was malformed or over a size limit: nothing changed. */
    REJECTED
}
