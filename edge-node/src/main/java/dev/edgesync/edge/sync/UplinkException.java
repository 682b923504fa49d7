package dev.edgesync.edge.sync;

/** A problem of the uplink with a message meant for the operator. */
public class UplinkException extends RuntimeException {

    public UplinkException(String message) {
        super(message);
    }

    public UplinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
