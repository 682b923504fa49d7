package dev.edgesync.edge.buffer;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers, per ingest request and without a system call, whether the free-space floor refuses it: the latest
 * sample of the data dir's filesystem (taken by the monitor every check interval), less what was accepted since
 * and what the requests in flight may still write, against the {@link DiskFloor}; once a sample is under the floor,
 * until one is back over it with a margin. Thread-safe.
 */
public final class DiskGuard {

    private final DiskFloor floor;
    private final Path dataDir;
    private final AtomicLong sinceSample = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private volatile DiskFloor.Sample sample;
    /** Refusing since a sample under the floor, until one {@link DiskFloor#resumes}. */
    private volatile boolean under;
    private FileStore store;

    public DiskGuard(DiskFloor floor, Path dataDir) {
        this.floor = floor;
        this.dataDir = dataDir;
    }

    /** Reads the filesystem now; the one place that asks it. Called by the monitor's thread (and once at start). */
    synchronized DiskFloor.Sample sample() throws IOException {
        if (store == null) {
            Files.createDirectories(dataDir);
            store = Files.getFileStore(dataDir);
        }
        // Reset before reading: bytes accepted meanwhile are then counted twice at worst, never missed.
        sinceSample.set(0);
        DiskFloor.Sample s = new DiskFloor.Sample(store.getUsableSpace(), store.getTotalSpace());
        if (floor.isShort(s)) {
            under = true;
        } else if (floor.resumes(s)) {
            under = false;
        }
        sample = s;
        return s;
    }

    /**
     * True (and counted) when a request must be refused; {@code inFlightBytes} is what the requests being read and
     * appended may still write. Before the first sample nothing is refused.
     */
    public boolean refuses(long inFlightBytes) {
        DiskFloor.Sample s = sample;
        if (s == null || !under && !floor.refuses(s, inFlightBytes + sinceSample.get())) {
            return false;
        }
        refused.increment();
        return true;
    }

    /**
     * Events of {@code bodyBytes} were appended: counted twice until the next sample, once for raw now and once for
     * the curated copy the pipeline writes soon after.
     */
    public void accepted(long bodyBytes) {
        sinceSample.addAndGet(2 * bodyBytes);
    }

    /** Under the floor as of the latest sample (what status shows; requests in flight aside). */
    public boolean refusing() {
        DiskFloor.Sample s = sample;
        return s != null && (under || floor.refuses(s, sinceSample.get()));
    }

    public Optional<DiskFloor.Sample> latest() {
        return Optional.ofNullable(sample);
    }

    /** The floor in bytes on this filesystem; -1 before the first sample. */
    public long floorBytes() {
        DiskFloor.Sample s = sample;
        return s == null ? -1 : floor.floor(s.totalBytes());
    }

    /** Requests refused by the floor since start. */
    public long refusedTotal() {
        return refused.sum();
    }

    DiskFloor floor() {
        return floor;
    }
}
