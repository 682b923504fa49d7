package dev.edgesync.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process clock that lies, by libfaketime (Debian package {@code faketime}) preloaded into it: an offset from the
 * true time, optionally taking effect only some seconds after the process started (a step while it runs). The
 * monotonic clock gets the same offset: with {@code FAKETIME_DONT_FAKE_MONOTONIC=1} libfaketime 0.9.10 made every
 * timed wait of the JVM return at once (measured: 10 x {@code Object.wait(50)} in 0 ms), so the edge's embedded
 * broker spun and stalled. (Its offset file, which could step the clock at any moment, made the JVM start too slowly.)
 */
public final class FakeClock {

    private static final List<Path> LIBRARY = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"),
            Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

    private FakeClock() {
    }

    /** libfaketime, if installed. */
    public static Optional<Path> library() {
        return LIBRARY.stream().filter(Files::isReadable).findFirst();
    }

    /**
     * The environment of a process whose wall clock is {@code offset} (libfaketime's syntax: {@code +2h}, {@code -1h})
     * away from the true time, from {@code afterSeconds} after its start (0: from the start).
     */
    public static Map<String, String> environment(String offset, int afterSeconds) {
        Path lib = library().orElseThrow(() -> new IllegalStateException(
                "libfaketime not found (looked in " + LIBRARY + "): apt-get install faketime"));
        Map<String, String> env = new java.util.TreeMap<>(Map.of("LD_PRELOAD", lib.toString(), "FAKETIME", offset));
        if (afterSeconds > 0) {
            env.put("FAKETIME_START_AFTER_SECONDS", String.valueOf(afterSeconds));
        }
        return env;
    }
}
