package dev.edgesync.edge.admission;

import dev.edgesync.edge.config.IngestConfig;

import java.util.ArrayList;
import java.util.List;

/** The ingest budget in effect ({@code edge.ingest.max-inflight-bytes} or its default) and the checks on it. */
public final class AdmissionSettings {

    static final String BUDGET_KEY = "edge.ingest.max-inflight-bytes";

    private AdmissionSettings() {
    }

    /** The configured budget, else a quarter of {@code maxHeapBytes}. */
    public static long budget(IngestConfig ingest, long maxHeapBytes) {
        return ingest.maxInflightBytes().orElse(IngestCost.defaultBudget(maxHeapBytes));
    }

    /** Every problem of the admission settings, each naming its key. */
    public static List<String> problems(IngestConfig ingest, long maxHeapBytes) {
        List<String> p = new ArrayList<>();
        long largest = IngestCost.of(ingest.maxBodyBytes());
        long budget = budget(ingest, maxHeapBytes);
        if (budget < largest) {
            String value = ingest.maxInflightBytes().isPresent()
                    ? BUDGET_KEY + "=" + budget
                    : BUDGET_KEY + " (not set: a quarter of the max heap of " + (maxHeapBytes >> 20) + " MiB, " + budget + ")";
            p.add(value + " must be at least " + largest + ", what one request of edge.ingest.max-body-bytes ("
                    + ingest.maxBodyBytes() + ") costs the heap while parsed (" + IngestCost.FACTOR + "x + "
                    + IngestCost.PER_REQUEST + "): raise it (and -Xmx) or lower edge.ingest.max-body-bytes");
        }
        if (ingest.bodyTimeout().toMillis() < 1000) {
            p.add("edge.ingest.body-timeout=" + ingest.bodyTimeout() + " must be at least 1s");
        }
        return p;
    }
}
