package dev.edgesync.e2e;

/** The kinds of fault a {@link FaultSuite} round injects, each while the tills keep posting. */
public enum Fault {
    /** SIGKILL of edge-node while events are being ingested (link up); restarted on the same data. */
    EDGE_KILL_DURING_INGEST,
    /** SIGKILL of edge-node while it is shipping a backlog to the centre; restarted on the same data. */
    EDGE_KILL_DURING_SYNC,
    /** SIGKILL of core-ingest and with it the centre's embedded broker; restarted on the same data dir. */
    CORE_KILL,
    /** Orderly stop (SIGTERM) of core-ingest and its broker, then start on the same data dir. */
    CORE_STOP_START,
    /** Link cut: connections reset, new ones refused. */
    LINK_CUT,
    /** Link black-holed for longer than every client timeout: connections open, nothing passes. */
    LINK_BLACKHOLE,
    /** Edge stopped and started again while its link is down: its stored backlog must still go out. */
    EDGE_RESTART_WHILE_OFFLINE,
    /** Every connection on the link reset several times while a backlog is being shipped. */
    CONNECTION_RESETS,
    /**
     * Link cut until the edge's disk quota ({@code edge.buffer.max-bytes}, policy reject) is full and the tills are
     * answered 507, then restored: what was accepted before and after must still go out.
     */
    EDGE_DISK_FULL,
    /**
     * The edge's wall clock lies (libfaketime, see {@link FakeClock}): restarted 2 h ahead (past the centre's 1 h
     * {@code message.timestamp.after.max.ms}) it must keep shipping; then restarted 1 h behind, then on the true time.
     * Three edge restarts: needs the Debian package {@code faketime}; not in the CI rotation.
     */
    EDGE_CLOCK_JUMP,
    /**
     * Power cut at the edge: its data dir is on a {@link PowerCutFs}, which drops every write not yet fsynced at the
     * instant the edge is SIGKILLed; the edge restarts on what was durable. Alternately during plain ingest (the
     * pipeline and sync running too) and while a backlog is being shipped.
     */
    POWER_CUT
}
