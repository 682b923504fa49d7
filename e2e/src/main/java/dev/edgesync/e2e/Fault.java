package dev.edgesync.e2e;

/** The kinds of fault a {@link FaultSuite} round injects, each while the tills keep posting. */
public enum Fault {
    /** SIGKILL of edge-node while events are being ingested (link up); restarted on the same data. */
    EDGE_KILL_DURING_INGEST(true),
    /** SIGKILL of edge-node while it is shipping a backlog to the centre; restarted on the same data. */
    EDGE_KILL_DURING_SYNC(true),
    /** SIGKILL of core-ingest and with it the centre's embedded broker; restarted on the same data dir. */
    CORE_KILL(true),
    /** Orderly stop (SIGTERM) of core-ingest and its broker, then start on the same data dir. */
    CORE_STOP_START(true),
    /** Link cut: connections reset, new ones refused. */
    LINK_CUT(true),
    /** Link black-holed for longer than every client timeout: connections open, nothing passes. */
    LINK_BLACKHOLE(true),
    /** Edge stopped and started again while its link is down: its stored backlog must still go out. */
    EDGE_RESTART_WHILE_OFFLINE(true),
    /** Every connection on the link reset several times while a backlog is being shipped. */
    CONNECTION_RESETS(true),
    /** Edge disk quota reached. Placeholder: the quota does not exist yet (issue 4); never run. */
    EDGE_DISK_FULL(false);

    private final boolean implemented;

    Fault(boolean implemented) {
        this.implemented = implemented;
    }

    public boolean implemented() {
        return implemented;
    }
}
