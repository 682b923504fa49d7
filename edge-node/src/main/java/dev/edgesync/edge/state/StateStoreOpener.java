package dev.edgesync.edge.state;

import dev.edgesync.kafka.DataDirs;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TtlDB;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a {@link StateStore}: loads the native library once, creates the directory, and opens every listed family
 * with its TTL plus every family already on disk (kept, without TTL), freeing what it made if the open fails.
 */
final class StateStoreOpener {

    private static final Object LOAD_LOCK = new Object();
    private static volatile boolean loaded;

    private StateStoreOpener() {
    }

    /** Loads the RocksDB native library, once per JVM. */
    static void loadLibrary() {
        if (!loaded) {
            synchronized (LOAD_LOCK) {
                if (!loaded) {
                    RocksDB.loadLibrary();
                    loaded = true;
                }
            }
        }
    }

    /** Opens (creating if needed) the store in {@code dir} with the given families. */
    static StateStore open(Path dir, List<ColumnFamilySpec> specs) {
        loadLibrary();
        Path abs = dir.toAbsolutePath();
        try {
            // durably: RocksDB fsyncs its own directory, not the ones above it
            DataDirs.createDurably(abs);
        } catch (IOException e) {
            throw new UncheckedIOException("state store: cannot create directory " + abs, e);
        }
        Map<String, Integer> ttlByName = new LinkedHashMap<>();
        ttlByName.put(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8), 0);
        for (ColumnFamilySpec s : specs) {
            if (ttlByName.put(s.name(), s.ttl().map(t -> (int) t.toSeconds()).orElse(0)) != null) {
                throw new IllegalArgumentException("column family " + s.name() + " is listed twice");
            }
        }
        for (String existing : existingFamilies(abs)) {
            ttlByName.putIfAbsent(existing, 0);
        }
        // No fallocate: RocksDB would preallocate each write-ahead log by 1.1x the write buffer (some 70 MiB) in
        // blocks no file size shows, which on a small disk takes the room the free-space floor keeps.
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setAllowFAllocate(false);
        List<ColumnFamilyOptions> familyOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<Integer> ttls = new ArrayList<>();
        ttlByName.forEach((name, ttl) -> {
            ColumnFamilyOptions o = new ColumnFamilyOptions();
            if (ttl > 0) {
                // Without it an idle family would never compact, and so never drop expired entries.
                o.setPeriodicCompactionSeconds(ttl);
            }
            familyOptions.add(o);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), o));
            ttls.add(ttl);
        });
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            TtlDB db = TtlDB.open(dbOptions, abs.toString(), descriptors, handles, ttls, false);
            Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
            for (int i = 0; i < descriptors.size(); i++) {
                byName.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
            }
            return new StateStore(abs, db, dbOptions, familyOptions, handles, byName);
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            familyOptions.forEach(ColumnFamilyOptions::close);
            dbOptions.close();
            // The lock hint only where it can be the cause: a damaged file is not another process.
            throw new StateException("open the state store at " + abs
                    + (StateDamage.isDamage(e) ? "" : " (is another edge-node using this edge.data-dir?)"), e);
        }
    }

    private static List<String> existingFamilies(Path dir) {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] n : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(new String(n, StandardCharsets.UTF_8));
            }
            return names;
        } catch (RocksDBException e) {
            throw new StateException("list the column families of " + dir, e);
        }
    }
}
