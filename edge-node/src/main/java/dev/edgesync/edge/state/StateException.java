package dev.edgesync.edge.state;

/** A failure of the local state store, saying what was being done when RocksDB failed. */
public class StateException extends RuntimeException {

    public StateException(String doing, Throwable cause) {
        super("state store: failed to " + doing + ": " + cause.getMessage(), cause);
    }
}
