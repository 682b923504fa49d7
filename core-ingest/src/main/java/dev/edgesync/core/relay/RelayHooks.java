package dev.edgesync.core.relay;

/** Points in the relay's transaction where tests inject failures; production uses {@link #NONE}. */
@FunctionalInterface
public interface RelayHooks {

    RelayHooks NONE = batch -> { };

    /** Called after every record and the offsets are sent (and flushed), just before the commit. */
    void beforeCommit(long batch);
}
