package dev.edgesync.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What survives a cut of {@link PowerCutFs}: exactly what a fsync of the file or of its directory made durable. */
class PowerCutFsTest {

    private PowerCutFs fs;
    private Path root;

    @BeforeEach
    void mount() {
        assumeTrue(PowerCutFs.available(), "needs /dev/fuse and python3-fusepy");
        Path dir = Path.of(System.getProperty("e2e.work-dir", "target/e2e-work")).resolve("powercut-fs-test").toAbsolutePath();
        fs = PowerCutFs.mount(dir);
        root = fs.root();
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void unsyncedAppendsAndOverwritesAreDroppedSyncedBytesKept() throws IOException {
        Path f = root.resolve("segment.log");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(bytes("durable"));
            ch.force(true);
            ch.write(bytes("+lost"));
            ch.write(bytes("D"), 0);
        }
        fsyncDir(root);

        cut();

        assertThat(Files.readString(f)).isEqualTo("durable");
    }

    @Test
    void aNewFileOrRenameLastsOnlyOnceItsDirectoryIsSynced() throws IOException {
        Path kept = root.resolve("kept");
        write(kept, "k");
        fsyncDir(root);
        Path unsyncedName = root.resolve("unsynced-name");
        write(unsyncedName, "u");
        Files.move(kept, root.resolve("renamed"), StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectory(root.resolve("new-dir"));

        cut();

        assertThat(kept).hasContent("k");
        assertThat(root.resolve("renamed")).doesNotExist();
        assertThat(unsyncedName).doesNotExist();
        assertThat(root.resolve("new-dir")).doesNotExist();
    }

    @Test
    void aTruncatedFileComesBackAndWritesAfterTheCutCountAgainOncePowered() throws IOException {
        Path f = root.resolve("index");
        write(f, "0123456789");
        fsyncDir(root);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(3);
        }

        cut();

        assertThat(f).hasContent("0123456789");
        write(root.resolve("after"), "a");
        assertThat(root.resolve("after")).hasContent("a");
    }

    private void cut() {
        fs.cut();
        fs.powerOn();
    }

    /** Writes and fsyncs the file (not its directory). */
    private static void write(Path f, String s) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(bytes(s));
            ch.force(true);
        }
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
