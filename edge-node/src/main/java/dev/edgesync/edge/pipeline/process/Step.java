package dev.edgesync.edge.pipeline.process;

/**
 * One stateless processor of a stream's pipeline (validate, filter, redact, transform, enrich). It may change the
 * event in place. Must be deterministic: a batch may be processed again after an aborted transaction.
 */
public interface Step {

    /** The processor's name as written in {@code edge.streams.<name>.pipeline}. */
    String name();

    Verdict apply(PipelineEvent event);
}
