package dev.edgesync.kafka;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removal of data directories that brokers and tests leave behind. */
public final class DataDirs {

    private DataDirs() {
    }

    /** Deletes {@code root} and everything below it; returns false if something could not be deleted. */
    public static boolean deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return true;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates {@code dir} and its missing parents so that they survive a power cut: a new directory entry is only
     * durable once the directory holding it is fsynced, so each directory created here is fsynced with its parent.
     */
    public static void createDurably(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(abs);
        if (existing == null || existing.equals(abs)) {
            return;
        }
        for (Path p = abs; p != null && !p.equals(existing); p = p.getParent()) {
            fsync(p);
        }
        fsync(existing);
    }

    /**
     * Fsyncs every file and directory under {@code root} and {@code root} itself, e.g. what a formatter wrote without
     * syncing, so a power cut right after cannot leave it half there.
     */
    public static void fsyncTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                fsync(p);
            }
        }
    }

    /** Fsyncs one file or directory (a directory: its entries). */
    public static void fsync(Path p) throws IOException {
        java.nio.file.OpenOption mode = Files.isDirectory(p) ? java.nio.file.StandardOpenOption.READ
                : java.nio.file.StandardOpenOption.WRITE;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, mode)) {
            ch.force(true);
        }
    }

    /** A new temporary directory, for a broker or cluster built without a data directory. */
    static Path newTemp(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temp data directory", e);
        }
    }
}
