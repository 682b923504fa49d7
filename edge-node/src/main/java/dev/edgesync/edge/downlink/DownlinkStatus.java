package dev.edgesync.edge.downlink;

import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live state of the downlink for status and metrics: written by the downlink thread, read by anyone. Counts start
 * from the ledger's totals, so they cover the life of the state store, not only this process.
 */
public final class DownlinkStatus {

    /**
     * disabled (no centre configured), down (retrying), up (reading the control topics), or failed (the downlink thread
     * ended on an error it cannot recover from; a restart is needed).
     */
    private volatile String state;
    private volatile String lastError;
    private volatile Rejection lastRejection;
    private final Map<RejectReason, AtomicLong> rejections = new ConcurrentHashMap<>();
    private volatile Instant lastAppliedAt;
    private volatile String lastAppliedId;
    private final Map<String, Map<Outcome, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final AtomicLong refusedSettings = new AtomicLong();

    public DownlinkStatus(String state) {
        this.state = state;
    }

    public static DownlinkStatus disabled() {
        return new DownlinkStatus("disabled");
    }

    /** Starts the counts at the ledger's totals. */
    public DownlinkStatus loadCounts(DownlinkLedger ledger) {
        ledger.counts().forEach((kind, byOutcome) -> byOutcome.forEach((o, n) -> counter(kind, o).set(n)));
        return this;
    }

    public String state() {
        return state;
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The last message rejected since start: which, and why. */
    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    /** Messages rejected for {@code reason} since start. */
    public long rejected(RejectReason reason) {
        return rejections.computeIfAbsent(reason, r -> new AtomicLong()).get();
    }

    public Optional<Instant> lastAppliedAt() {
        return Optional.ofNullable(lastAppliedAt);
    }

    public Optional<String> lastAppliedId() {
        return Optional.ofNullable(lastAppliedId);
    }

    public long count(String kind, Outcome outcome) {
        return counter(kind, outcome).get();
    }

    /** Messages with {@code outcome} over every kind. */
    public long total(Outcome outcome) {
        return counts.values().stream().mapToLong(m -> m.getOrDefault(outcome, new AtomicLong()).get()).sum();
    }

    /** Per kind, per outcome. */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((kind, m) -> m.forEach((o, n) -> out.computeIfAbsent(kind, k -> new TreeMap<>()).put(o.wireName(), n.get())));
        return out;
    }

    /** Settings of config messages that were not applied (not runtime-safe, bad value), since start. */
    public long refusedSettings() {
        return refusedSettings.get();
    }

    /** Connected; a reconnect clears the error of the lost connection, not one reported while up. */
    void up() {
        if (!"up".equals(state)) {
            lastError = null;
        }
        state = "up";
    }

    void down(String error) {
        state = "down";
        lastError = error;
    }

    /** The downlink thread ended: nothing is read until a restart. */
    void failed(String error) {
        state = "failed";
        lastError = error;
    }

    /** A problem that does not take the link down (a message this edge cannot read yet). */
    void error(String error) {
        lastError = error;
    }

    void recorded(String kind, Outcome outcome, String id) {
        counter(kind, outcome).incrementAndGet();
        if (outcome == Outcome.APPLIED) {
            lastAppliedAt = Instant.now();
            lastAppliedId = id;
        }
    }

    void rejected(Rejection r) {
        rejections.computeIfAbsent(r.reason(), x -> new AtomicLong()).incrementAndGet();
        lastRejection = r;
    }

    void refusedSettings(int n) {
        refusedSettings.addAndGet(n);
    }

    private AtomicLong counter(String kind, Outcome outcome) {
        return counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new AtomicLong());
    }
}
