package dev.edgesync.edge.state;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.TtlDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The edge's local state: one RocksDB database with one column family per concern.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The native library is loaded once per JVM.</li>
 *   <li>Every family listed at open exists afterwards; families found on disk but not listed are
 *       opened too and left untouched, so an older binary can open a newer store.</li>
 *   <li>The database is a TTL database: a family opened with a TTL drops entries older than it at
 *       compaction (and at least every TTL, through periodic compaction); other families keep them.
 *       Entries past their TTL may still be read until then: a TTL is a lower bound.</li>
 *   <li>Writes go through the write-ahead log without fsync: everything here is recoverable or
 *       rebuildable from the Kafka log (DESIGN §4.5), and a {@link Batch} is applied atomically. A power cut
 *       may lose the writes since the last {@link #syncWal()}; after it the store is as it was at some earlier
 *       point (never a torn batch), so what depends on an entry surviving must sync first.</li>
 *   <li>Every {@link RocksDBException} surfaces as a {@link StateException} saying what was being done;
 *       {@link #close()} is idempotent and any use after it fails fast.</li>
 * </ol>
 */
public final class StateStore implements AutoCloseable {

    private final Path dir;
    private final TtlDB db;
    private final DBOptions dbOptions;
    private final WriteOptions writeOptions;
    private final List<ColumnFamilyOptions> familyOptions;
    private final List<ColumnFamilyHandle> handles;
    private final Map<String, ColumnFamilyHandle> families;
    private volatile boolean closed;

    /** Takes ownership of an open database and the options and handles it was opened with: {@link #close()} frees them. */
    StateStore(Path dir, TtlDB db, DBOptions dbOptions, List<ColumnFamilyOptions> familyOptions,
               List<ColumnFamilyHandle> handles, Map<String, ColumnFamilyHandle> families) {
        this.dir = dir;
        this.db = db;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.handles = handles;
        this.families = families;
        this.writeOptions = new WriteOptions();
    }

    /** Loads the RocksDB native library, once per JVM. */
    public static void loadLibrary() {
        StateStoreOpener.loadLibrary();
    }

    /** Opens (creating if needed) the store in {@code dir} with the given families. */
    public static StateStore open(Path dir, List<ColumnFamilySpec> specs) {
        return StateStoreOpener.open(dir, specs);
    }

    public Path directory() {
        return dir;
    }

    /** The value under {@code key} in {@code family}, or null. */
    public byte[] get(String family, byte[] key) {
        ColumnFamilyHandle h = handle(family);
        try {
            return db.get(h, key);
        } catch (RocksDBException e) {
            throw new StateException("read a key of " + family, e);
        }
    }

    public void put(String family, byte[] key, byte[] value) {
        ColumnFamilyHandle h = handle(family);
        try {
            db.put(h, writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new StateException("write a key of " + family, e);
        }
    }

    public void delete(String family, byte[] key) {
        ColumnFamilyHandle h = handle(family);
        try {
            db.delete(h, writeOptions, key);
        } catch (RocksDBException e) {
            throw new StateException("delete a key of " + family, e);
        }
    }

    /** A new atomic batch of writes; apply it with {@link #write(Batch)} and close it. */
    public Batch newBatch() {
        checkOpen();
        return new Batch();
    }

    /** Applies every write of {@code batch} atomically. */
    public void write(Batch batch) {
        checkOpen();
        try {
            db.write(writeOptions, batch.batch);
        } catch (RocksDBException e) {
            throw new StateException("apply a batch of " + batch.batch.count() + " writes", e);
        }
    }

    /**
     * Reads every file of the store and checks its checksums: a damaged file is found at start, not at the first
     * read of the key it holds. Costs one read of the whole store.
     */
    public void verifyChecksums() {
        checkOpen();
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw new StateException("verify the checksums of " + dir, e);
        }
    }

    /** Visits every entry of {@code family} whose key starts with {@code prefix}, in key order. */
    public void scan(String family, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        ColumnFamilyHandle h = handle(family);
        try (RocksIterator it = db.newIterator(h)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix)) {
                    break;
                }
                visitor.accept(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StateException("scan " + family, e);
        }
    }

    /**
     * Visits entries of {@code family} whose key starts with {@code prefix}, in key order, while the visitor
     * returns true.
     */
    public void scanWhile(String family, byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {
        scanWhile(family, prefix, prefix, visitor);
    }

    /**
     * As {@link #scanWhile(String, byte[], java.util.function.BiPredicate)}, starting at the first key at or after
     * {@code from}: lets a caller skip a range it knows to be deleted (iterating over deletions costs time until
     * compaction drops them).
     */
    public void scanWhile(String family, byte[] prefix, byte[] from, java.util.function.BiPredicate<byte[], byte[]> visitor) {
        ColumnFamilyHandle h = handle(family);
        try (RocksIterator it = db.newIterator(h)) {
            for (it.seek(from); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix) || !visitor.test(key, it.value())) {
                    break;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StateException("scan " + family, e);
        }
    }

    /**
     * Fsyncs the write-ahead log: every write applied before this call survives a power cut. A RocksDB flush to
     * SST files is not needed for that: recovery replays the synced log.
     */
    public void syncWal() {
        checkOpen();
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new StateException("sync the write-ahead log", e);
        }
    }

    /** Compacts {@code family} now, which also drops its expired entries. */
    public void compact(String family) {
        ColumnFamilyHandle h = handle(family);
        try {
            db.compactRange(h);
        } catch (RocksDBException e) {
            throw new StateException("compact " + family, e);
        }
    }

    public java.util.Set<String> familyNames() {
        return java.util.Collections.unmodifiableSet(families.keySet());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        writeOptions.close();
        familyOptions.forEach(ColumnFamilyOptions::close);
        dbOptions.close();
    }

    private ColumnFamilyHandle handle(String family) {
        checkOpen();
        ColumnFamilyHandle h = families.get(family);
        if (h == null) {
            throw new IllegalArgumentException("no column family '" + family + "' in the state store; known: "
                    + families.keySet());
        }
        return h;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("state store at " + dir + " is closed");
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes applied together by {@link StateStore#write(Batch)}. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        private Batch() {
        }

        public Batch put(String family, byte[] key, byte[] value) {
            ColumnFamilyHandle h = handle(family);
            try {
                batch.put(h, key, value);
            } catch (RocksDBException e) {
                throw new StateException("add a write to a batch of " + family, e);
            }
            return this;
        }

        public Batch delete(String family, byte[] key) {
            ColumnFamilyHandle h = handle(family);
            try {
                batch.delete(h, key);
            } catch (RocksDBException e) {
                throw new StateException("add a delete to a batch of " + family, e);
            }
            return this;
        }

        public int size() {
            return batch.count();
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
