package dev.edgesync.edge.pipeline;

/**
 * The seam of the pipeline stage {@code raw.<stream> -> curated.<stream>}: called once per raw record, inside
 * the stage's transaction, in partition order. Implementations must be deterministic and free of side
 * effects outside the returned outcome: a batch may be processed again after an aborted transaction.
 */
public interface Processor {

    Outcome process(String stream, RawEvent event);
}
