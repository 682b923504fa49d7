package dev.edgesync.edge.ingest;

import dev.edgesync.edge.config.IngestConfig;

import java.util.ArrayList;
import java.util.List;

/** Checks the REST ingest limits ({@code edge.ingest.*} but the admission budget), each problem naming its key. */
public final class IngestSettingsCheck {

    private IngestSettingsCheck() {
    }

    public static List<String> problems(IngestConfig ingest) {
        List<String> p = new ArrayList<>();
        if (ingest.maxBodyBytes() < 1024) {
            p.add("edge.ingest.max-body-bytes=" + ingest.maxBodyBytes() + " must be at least 1024");
        }
        if (ingest.maxTimeAhead().isNegative() || ingest.maxTimeAhead().isZero()) {
            p.add("edge.ingest.max-time-ahead=" + ingest.maxTimeAhead() + " must be positive");
        }
        if (ingest.maxBatchEvents() < 1) {
            p.add("edge.ingest.max-batch-events=" + ingest.maxBatchEvents() + " must be at least 1");
        }
        if (ingest.dedupWindow().toSeconds() < 1 || ingest.dedupWindow().toSeconds() > Integer.MAX_VALUE) {
            p.add("edge.ingest.dedup-window=" + ingest.dedupWindow() + " must be within 1s.." + Integer.MAX_VALUE + "s");
        }
        if (ingest.appendTimeout().toMillis() < 100) {
            p.add("edge.ingest.append-timeout=" + ingest.appendTimeout() + " must be at least 100ms");
        }
        if (ingest.retryAfterSeconds() < 1) {
            p.add("edge.ingest.retry-after-seconds=" + ingest.retryAfterSeconds() + " must be at least 1");
        }
        if (ingest.rebuildTimeout().toMillis() < 1000) {
            p.add("edge.ingest.rebuild-timeout=" + ingest.rebuildTimeout() + " must be at least 1s");
        }
        return p;
    }
}
