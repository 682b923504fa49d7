package dev.edgesync.edge.reference;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.state.EdgeStateStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Loads the configured reference table files into the state store at startup, replacing each table's rows. */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);
    /** After the state store (15), before the pipeline stage starts consuming. */
    static final int START_PRIORITY = 17;

    private final EdgeConfig config;
    private final EdgeStateStore state;
    private volatile ReferenceTables tables;

    public ReferenceService(EdgeConfig config, EdgeStateStore state) {
        this.config = config;
        this.state = state;
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        ReferenceTables t = tables();
        for (Map.Entry<String, EdgeConfig.Pipeline.ReferenceTable> e : new TreeMap<>(config.pipeline().reference()).entrySet()) {
            EdgeConfig.Pipeline.ReferenceTable rt = e.getValue();
            long t0 = System.nanoTime();
            List<ReferenceTables.Row> rows;
            try {
                rows = ReferenceFiles.read(rt.file().orElseThrow(), rt.format(), rt.key());
            } catch (IOException x) {
                throw new IllegalStateException("edge.pipeline.reference." + e.getKey() + ".file: cannot load "
                        + rt.file().orElseThrow() + ": " + x.getMessage() + "; fix the file or the key column", x);
            }
            t.replace(e.getKey(), rows);
            LOG.infof("Reference table %s: %d rows loaded from %s in %d ms", e.getKey(), rows.size(),
                    rt.file().orElseThrow(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** The reference tables in the state store. */
    public ReferenceTables tables() {
        if (tables == null) {
            tables = new ReferenceTables(state.store());
        }
        return tables;
    }
}
