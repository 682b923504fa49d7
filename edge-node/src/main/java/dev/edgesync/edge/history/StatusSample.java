package dev.edgesync.edge.history;

import java.time.Instant;
import java.util.Map;

/**
 * One point of the status history. Fields the status does not report (yet) are null.
 *
 * @param link link state: up, down, disabled or fenced
 * @param bufferUsedBytes local disk used by the buffer, when status reports it
 */
public record StatusSample(Instant at, String link, Map<String, Stream> streams, Long bufferUsedBytes) {

    /**
     * @param backlog events not yet committed at the centre
     * @param backlogBytes their size, when status reports it
     */
    public record Stream(long backlog, Long backlogBytes) {
    }
}
