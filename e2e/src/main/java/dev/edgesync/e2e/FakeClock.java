package dev.edgesync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process clock that lies, by libfaketime (Debian package {@code faketime}): the process is started with the library
 * preloaded and reads its offset from a file, re-read every second, so the offset can step while it runs. Only the
 * wall clock is faked, as a real clock step (NTP, an operator, a dead RTC battery) leaves the monotonic one alone.
 */
public final class FakeClock {

    private static final List<Path> LIBRARY = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"),
            Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

    private final Path library;
    private final Path offsetFile;

    private FakeClock(Path library, Path offsetFile) {
        this.library = library;
        this.offsetFile = offsetFile;
    }

    /** libfaketime, if installed. */
    public static Optional<Path> library() {
        return LIBRARY.stream().filter(Files::isReadable).findFirst();
    }

    /** A clock at the true time whose offset lives in {@code offsetFile}; fails if libfaketime is missing. */
    public static FakeClock create(Path offsetFile) {
        Path lib = library().orElseThrow(() -> new IllegalStateException(
                "libfaketime not found (looked in " + LIBRARY + "): apt-get install faketime"));
        FakeClock c = new FakeClock(lib, offsetFile);
        c.offset("+0");
        return c;
    }

    /** Steps the clock: {@code +2h}, {@code -1h}, {@code +0} (libfaketime's relative offset syntax). */
    public void offset(String offset) {
        try {
            Files.createDirectories(offsetFile.getParent());
            Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
            Files.writeString(tmp, offset + "\n");
            Files.move(tmp, offsetFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a process needs to run on this clock. */
    public Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_CACHE_DURATION", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }
}
