package dev.edgesync.edge.stream;

/** State of the link to the centre, as shown in status. */
public enum LinkState {
    /** A session is connected and shipping. */
    UP,
    /** Not connected: the centre is unreachable or refused us; the uplink retries after a backoff. */
    DOWN,
    /** No {@code edge.core.bootstrap-servers}: data waits on disk. */
    DISABLED,
    /** Another uplink with this site identity took over at the centre; this one stopped and will not retry. */
    FENCED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
