package dev.edgesync.core.sites;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sites the centre has seen, in memory; persisted record by record in the compacted
 * {@code _core.sites} topic by the relay.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The relay computes a batch's new records with {@link #preview}, writes them in the batch's
 *       transaction, and {@link #apply applies} them only after the commit: what readers see never
 *       counts a record whose relay transaction was aborted.</li>
 *   <li>Counts only grow while the relay runs; {@link #replaceAll} (reload from the topic) is the
 *       one way back, used when the relay's in-memory view may be ahead of or behind what committed.</li>
 * </ol>
 */
public final class SiteRegistry {

    private final Map<String, SiteRecord> sites = new ConcurrentHashMap<>();

    public List<SiteRecord> list() {
        List<SiteRecord> all = new ArrayList<>(sites.values());
        all.sort(Comparator.comparing(SiteRecord::id));
        return all;
    }

    public Optional<SiteRecord> get(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    /** New records of the sites a batch touched, merged with what is known; does not change the registry. */
    public List<SiteRecord> preview(Map<String, SiteActivity> activity, Instant now) {
        List<SiteRecord> out = new ArrayList<>();
        activity.forEach((id, a) -> {
            SiteRecord old = sites.getOrDefault(id, SiteRecord.empty(id));
            Map<String, Long> landed = new HashMap<>(old.landed());
            a.landed().forEach((stream, n) -> landed.merge(stream, n, Long::sum));
            out.add(new SiteRecord(id,
                    a.anyRelayed() ? a.region() : old.region(),
                    a.anyRelayed() ? a.cloud() : old.cloud(),
                    a.anyRelayed() ? now : old.lastSeen(),
                    landed,
                    old.deadLettered() + a.deadLetteredCount()));
        });
        out.sort(Comparator.comparing(SiteRecord::id));
        return out;
    }

    public void apply(Collection<SiteRecord> records) {
        records.forEach(r -> sites.put(r.id(), r));
    }

    /** Replaces everything with what was read back from the registry topic. */
    public synchronized void replaceAll(Collection<SiteRecord> records) {
        sites.clear();
        apply(records);
    }
}
