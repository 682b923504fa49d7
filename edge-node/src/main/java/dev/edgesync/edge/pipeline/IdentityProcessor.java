package dev.edgesync.edge.pipeline;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Forwards every raw record unchanged; the default until real processors are declared. */
@ApplicationScoped
@DefaultBean
public class IdentityProcessor implements Processor {

    @Override
    public Outcome process(String stream, RawEvent event) {
        return Outcome.forward(event.key(), event.value(), event.headers());
    }
}
