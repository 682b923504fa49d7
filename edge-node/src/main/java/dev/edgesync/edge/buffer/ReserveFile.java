package dev.edgesync.edge.buffer;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file of zeros in the data dir that holds space back: deleted at start (so a box whose disk filled has room
 * to open its log and drain) and when space is critical; written again once there is room. Its blocks are
 * written, not a sparse hole, so the space is really held. Not thread-safe: the monitor's disk check calls it.
 */
final class ReserveFile {

    static final String NAME = "disk-reserve";
    private static final Logger LOG = Logger.getLogger(ReserveFile.class);
    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final long bytes;

    ReserveFile(Path dataDir, long bytes) {
        this.path = dataDir.resolve(NAME);
        this.bytes = bytes;
    }

    boolean present() {
        return Files.exists(path);
    }

    long bytes() {
        return bytes;
    }

    /** Deletes the reserve, if there is one; returns whether it did. */
    boolean release(String why) throws IOException {
        Files.deleteIfExists(path.resolveSibling(NAME + ".tmp"));
        if (Files.deleteIfExists(path)) {
            LOG.warnf("Released the disk reserve %s (%d bytes, edge.buffer.reserve-bytes): %s", path, bytes, why);
            return true;
        }
        return false;
    }

    /** Writes the reserve in full (then renames it into place), or leaves none if the disk cannot take it. */
    void create() throws IOException {
        Path tmp = path.resolveSibling(NAME + ".tmp");
        ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = bytes;
            while (left > 0) {
                zeros.clear().limit((int) Math.min(CHUNK, left));
                left -= ch.write(zeros);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.infof("Disk reserve of %d bytes (edge.buffer.reserve-bytes) in place at %s", bytes, path);
    }
}
