package dev.edgesync.edge.buffer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Bytes the box holds under its data dir: every partition of the broker (raw, curated, dlq, changelogs, consumer
 * offsets, transaction state), its KRaft metadata log and the RocksDB state, as the quota and the floor must see
 * them. Not counted: the reserve file, and the broker's offset and time indexes, whose active ones are
 * preallocated sparse files far larger than the blocks they use (closed ones are small next to their segments).
 */
final class DiskUsage {

    private final Path dataDir;

    DiskUsage(Path dataDir) {
        this.dataDir = dataDir;
    }

    long bytes() throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return 0;
        }
        long[] sum = {0};
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && counted(name)) {
                    sum[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // The broker and RocksDB delete files while this walks.
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return sum[0];
    }

    static boolean counted(String fileName) {
        return !fileName.startsWith(ReserveFile.NAME) && !fileName.endsWith(".index") && !fileName.endsWith(".timeindex");
    }
}
