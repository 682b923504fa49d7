package dev.edgesync.edge.reference;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.PipelineConfig;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the configured reference table files into the state store at startup. A file is loaded (replacing its
 * table's rows) only when it, its key column or its format changed since it was last loaded: otherwise a restart
 * would wipe the rows the downlink changed since.
 */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);

    private final EdgeConfig config;
    private final EdgeStateStore state;
    private volatile ReferenceTables tables;

    public ReferenceService(EdgeConfig config, EdgeStateStore state) {
        this.config = config;
        this.state = state;
    }

    /** After the state store opens, before the downlink may change a table and the pipeline stage reads them. */
    public void start() {
        for (Map.Entry<String, PipelineConfig.ReferenceTable> e : new TreeMap<>(config.pipeline().reference()).entrySet()) {
            PipelineConfig.ReferenceTable rt = e.getValue();
            if (rt.file().isEmpty()) {
                continue; // source=downlink: the centre fills it
            }
            Path file = rt.file().get();
            try {
                load(state.store(), e.getKey(), file, rt.format(), rt.key());
            } catch (IOException x) {
                throw new IllegalStateException("edge.pipeline.reference." + e.getKey() + ".file: cannot load "
                        + file + ": " + x.getMessage() + "; fix the file or the key column", x);
            }
        }
    }

    /**
     * Replaces {@code table} by the rows of {@code file} unless this same file (content, key column, format) was the
     * last one loaded into it; returns whether it loaded.
     */
    static boolean load(StateStore store, String table, Path file, String format, String keyColumn) throws IOException {
        long t0 = System.nanoTime();
        byte[] hash = hash(Files.readAllBytes(file), format, keyColumn);
        byte[] tableKey = table.getBytes(StandardCharsets.UTF_8);
        if (Arrays.equals(hash, store.get(StateFamilies.REFERENCE_SOURCES, tableKey))) {
            LOG.infof("Reference table %s: %s unchanged since it was loaded; keeping the table as it is (with changes"
                    + " from the downlink)", table, file);
            return false;
        }
        List<ReferenceTables.Row> rows = ReferenceFiles.read(file, format, keyColumn);
        try (StateStore.Batch b = store.newBatch()) {
            new ReferenceTables(store).replace(b, table, rows);
            b.put(StateFamilies.REFERENCE_SOURCES, tableKey, hash);
            store.write(b);
        }
        LOG.infof("Reference table %s: %d rows loaded from %s in %d ms", table, rows.size(), file,
                (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    private static byte[] hash(byte[] content, String format, String keyColumn) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(content);
            d.update(("\0" + format + "\0" + keyColumn).getBytes(StandardCharsets.UTF_8));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The reference tables in the state store. */
    public ReferenceTables tables() {
        if (tables == null) {
            tables = new ReferenceTables(state.store());
        }
        return tables;
    }

    /** True if {@code table} is configured or has rows (sent by the centre). */
    public boolean isKnown(String table) {
        return config.pipeline().reference().containsKey(table) || tables().hasRows(table);
    }
}
