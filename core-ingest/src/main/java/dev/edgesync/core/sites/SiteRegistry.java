package dev.edgesync.core.sites;

import dev.edgesync.core.sites.PartitionProgress.PartitionKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sites the centre knows, in memory: per-partition relay progress, onboarding declarations, first-record
 * registrations and pre-upgrade totals, as read from the compacted {@code _core.sites} topic (every instance reads all of it) plus what this
 * instance's relay committed.
 *
 * <p>Invariants:
 * <ol>
 *   <li>A partition's progress only moves forward: a record is taken only if its landing watermark is not behind
 *       the one held, so a reader that delivers an older committed record after the relay applied a newer one
 *       cannot undo it.</li>
 *   <li>A site's {@link #location location} is its onboarding declaration (the latest), else its first-record
 *       registration that comes first in {@code _core.sites} (the lowest position): every instance reads the same
 *       log, so all of them route a site to the same region, whatever order their readers applied records in.</li>
 *   <li>The relay {@link #preview previews} a batch's records, writes them in the batch's transaction and applies
 *       them only after the commit: nothing here counts a record whose transaction was aborted.</li>
 * </ol>
 */
public final class SiteRegistry {

    private final ConcurrentMap<PartitionKey, PartitionProgress> partitions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SiteDeclaration> declarations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LegacySiteTotals> legacy = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Positioned> registrations = new ConcurrentHashMap<>();

    private record Positioned(SiteRegistration registration, long position) {
    }

    /** Takes one committed registry record whose position in {@code _core.sites} is not known (applied last). */
    public void apply(RegistryEntry e) {
        apply(e, Long.MAX_VALUE);
    }

    /** Takes one committed registry record read at {@code position} of {@code _core.sites} (see the class invariants). */
    public void apply(RegistryEntry e, long position) {
        if (e instanceof SiteRegistration r) {
            registrations.merge(r.site(), new Positioned(r, position), (held, in) -> in.position() < held.position() ? in : held);
            return;
        }
        if (e instanceof PartitionProgress p) {
            partitions.merge(p.key(), p, (held, in) -> in.supersedes(held) ? in : held);
        } else if (e instanceof SiteDeclaration d) {
            declarations.put(d.site(), d);
        } else if (e instanceof LegacySiteTotals l) {
            legacy.put(l.site(), l);
        }
    }

    public void applyAll(Collection<? extends RegistryEntry> entries) {
        entries.forEach(this::apply);
    }

    /** Forgets everything; what the topic holds comes back through the next read. */
    public void clear() {
        partitions.clear();
        declarations.clear();
        legacy.clear();
        registrations.clear();
    }

    /** Where the site's data is routed (see the class invariants); empty if it is neither onboarded nor registered. */
    public Optional<SiteLocation> location(String site) {
        SiteDeclaration d = declarations.get(site);
        if (d != null) {
            return Optional.of(new SiteLocation(d.region(), d.cloud(), true));
        }
        Positioned r = registrations.get(site);
        return r == null ? Optional.empty()
                : Optional.of(new SiteLocation(r.registration().region(), r.registration().cloud(), false));
    }

    public Optional<PartitionProgress> partition(PartitionKey key) {
        return Optional.ofNullable(partitions.get(key));
    }

    /** The records a batch with this activity would write; changes nothing. */
    public List<PartitionProgress> preview(Map<PartitionKey, PartitionActivity> activity, Instant now) {
        List<PartitionProgress> out = new ArrayList<>();
        activity.forEach((key, a) -> out.add(partition(key).orElse(PartitionProgress.empty(key)).after(a, now)));
        out.sort(Comparator.comparing(PartitionProgress::key));
        return out;
    }

    /** Every known site, by id. */
    public List<SiteRecord> list() {
        TreeSet<String> ids = new TreeSet<>(declarations.keySet());
        ids.addAll(legacy.keySet());
        ids.addAll(registrations.keySet());
        partitions.keySet().forEach(k -> ids.add(k.site()));
        return ids.stream().map(id -> summary(id).orElseThrow()).toList();
    }

    public Optional<SiteRecord> get(String id) {
        return summary(id);
    }

    /** The site's landing partitions, by stream and partition. */
    public List<PartitionProgress> partitions(String site) {
        return partitions.values().stream().filter(p -> p.site().equals(site))
                .sorted(Comparator.comparing(PartitionProgress::key)).toList();
    }

    public Optional<SiteDeclaration> declaration(String site) {
        return Optional.ofNullable(declarations.get(site));
    }

    private Optional<SiteRecord> summary(String id) {
        List<PartitionProgress> parts = partitions(id);
        LegacySiteTotals old = legacy.get(id);
        Optional<SiteLocation> location = location(id);
        if (parts.isEmpty() && old == null && location.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> landed = new HashMap<>();
        long deadLettered = 0;
        String region = location.map(SiteLocation::region).orElse(null);
        String cloud = location.map(SiteLocation::cloud).orElse(null);
        Instant lastSeen = null;
        if (old != null) {
            landed.putAll(old.landed());
            deadLettered += old.deadLettered();
            if (old.lastSeen() != null) {
                if (location.isEmpty()) {
                    region = old.region();
                    cloud = old.cloud();
                }
                lastSeen = old.lastSeen();
            }
        }
        for (PartitionProgress p : parts) {
            landed.merge(p.stream(), p.landed(), Long::sum);
            deadLettered += p.deadLettered();
            if (p.lastSeen() != null && (lastSeen == null || p.lastSeen().isAfter(lastSeen))) {
                lastSeen = p.lastSeen();
                // The registration rules where there is one; before it (older relays) the last relayed record did.
                if (location.isEmpty()) {
                    region = p.region();
                    cloud = p.cloud();
                }
            }
        }
        return Optional.of(new SiteRecord(id, region, cloud, lastSeen, landed, deadLettered));
    }
}
