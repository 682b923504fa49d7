package dev.edgesync.edge.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One column family of the {@link StateStore}: its name and, optionally, a time to live after which
 * RocksDB drops its entries at compaction (entries may stay readable a while longer, never shorter).
 */
public record ColumnFamilySpec(String name, Optional<Duration> ttl) {

    public ColumnFamilySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        if (name.isBlank() || "default".equals(name)) {
            throw new IllegalArgumentException("column family name '" + name + "' is reserved or blank");
        }
        ttl.ifPresent(t -> {
            if (t.toSeconds() < 1 || t.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ttl of column family " + name + " must be within 1s.."
                        + Integer.MAX_VALUE + "s, was " + t);
            }
        });
    }

    /** A family whose entries live until deleted. */
    public static ColumnFamilySpec keep(String name) {
        return new ColumnFamilySpec(name, Optional.empty());
    }

    /** A family whose entries expire {@code ttl} after they were written. */
    public static ColumnFamilySpec expiring(String name, Duration ttl) {
        return new ColumnFamilySpec(name, Optional.of(ttl));
    }
}
