package dev.edgesync.edge.state;

import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Tells a damaged state store (a file that fails its checksum, a MANIFEST or CURRENT that does not parse) from other
 * open failures, and moves a damaged one aside, never deleting it: the box starts on an empty store, which the
 * design allows (every family is rebuildable or refilled, DESIGN §4.5), instead of failing at every start.
 */
public final class StateDamage {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where a damaged store was moved and why. */
    public record Recovery(Path movedAsideTo, String reason, Instant at) {
    }

    private StateDamage() {
    }

    /**
     * True if {@code e} reports damaged files. A store locked by another process, a full disk or a permission problem
     * is not damage: moving it aside would not help and could hide the real fault.
     */
    public static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RocksDBException r) {
                Status s = r.getStatus();
                if (s != null && s.getCode() == Status.Code.Corruption) {
                    return true;
                }
                String m = String.valueOf(r.getMessage());
                if (m.startsWith("Corruption") || m.contains("checksum mismatch")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Renames {@code dir} to {@code <dir>.damaged-<UTC time>} beside it and returns the new path. */
    public static Path moveAside(Path dir, Instant now) {
        Path target = dir.resolveSibling(dir.getFileName() + ".damaged-" + STAMP.format(now));
        try {
            return Files.move(dir, target);
        } catch (IOException e) {
            throw new UncheckedIOException("state store: cannot move the damaged store " + dir + " aside to " + target, e);
        }
    }
}
