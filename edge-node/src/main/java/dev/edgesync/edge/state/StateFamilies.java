package dev.edgesync.edge.state;

import java.time.Duration;
import java.util.List;

/**
 * The column families of the edge's state store, one per concern (DESIGN §4.5).
 *
 * <p>To add a concern (reference tables, aggregation windows, sync cursors), add its name here and
 * its spec to {@link #all}: missing families are created when the store opens, and families present
 * on disk but not listed are still opened (RocksDB requires it) and kept.
 */
public final class StateFamilies {

    /** (stream, source, id) of every event appended to raw within the dedup window. */
    public static final String IDEMPOTENCY = "idempotency";
    /** Per raw partition: the offset below which every record is in {@link #IDEMPOTENCY}. Never expires. */
    public static final String IDEMPOTENCY_MARKS = "idempotency-marks";
    /** Reference tables used by the enrich processor, by (table, key). Never expire. */
    public static final String REFERENCE = "reference";
    /** Open aggregation windows and stream time per (stream, raw partition); materialised from the changelog. */
    public static final String AGGREGATE_WINDOWS = "aggregate-windows";

    /**
     * Per curated partition ({@code stream/partition}): the last next-edge-offset the centre was seen to have
     * committed, so the disk quota knows what is unsent while the link is down after a restart.
     */
    public static final String SYNC_CURSORS = "sync-cursors";

    /**
     * The downlink's ledger: per control partition the next offset to apply, and per kind the messages applied,
     * ignored and rejected; written in the same batch as each message's effect, so apply is exactly once.
     */
    public static final String DOWNLINK = "downlink";
    /** Settings changed by the downlink ({@code edge.sync.max-bytes-per-second}, ...), so they hold after a restart. */
    public static final String RUNTIME_SETTINGS = "runtime-settings";
    /** Per reference table loaded from a file: a hash of what was loaded last, so an unchanged file is not reloaded. */
    public static final String REFERENCE_SOURCES = "reference-sources";

    /**
     * Ranges of curated offsets never shipped (expired, dropped, corrupt) and the offset totals per cause
     * ({@link GapLedger}); reported in status and heartbeats. Never expire (bounded by the ledger).
     */
    public static final String GAPS = "gaps";

    private StateFamilies() {
    }

    /** Every family the edge uses; {@code dedupWindow} is how long an idempotency entry is kept. */
    public static List<ColumnFamilySpec> all(Duration dedupWindow) {
        return List.of(
                ColumnFamilySpec.expiring(IDEMPOTENCY, dedupWindow),
                ColumnFamilySpec.keep(IDEMPOTENCY_MARKS),
                ColumnFamilySpec.keep(REFERENCE),
                ColumnFamilySpec.keep(AGGREGATE_WINDOWS),
                ColumnFamilySpec.keep(SYNC_CURSORS),
                ColumnFamilySpec.keep(DOWNLINK),
                ColumnFamilySpec.keep(RUNTIME_SETTINGS),
                ColumnFamilySpec.keep(REFERENCE_SOURCES),
                ColumnFamilySpec.keep(GAPS));
    }
}
