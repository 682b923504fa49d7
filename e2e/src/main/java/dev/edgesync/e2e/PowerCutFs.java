package dev.edgesync.e2e;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A directory on a FUSE filesystem that can lose power: on {@link #cut()} every write not yet fsynced is dropped
 * (file contents beyond their last fsync, creates, unlinks and renames not made durable by a directory fsync), as
 * a disk loses its volatile cache when the power goes. Needs {@code /usr/bin/python3} with Debian's
 * {@code python3-fusepy}, {@code /dev/fuse} and root (or fuse's {@code fusermount}); see {@code powercut-fs.py}.
 */
public final class PowerCutFs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PowerCutFs.class);
    private static final String PYTHON = "/usr/bin/python3";

    private final Path mountPoint;
    private final Path control;
    private final Process daemon;

    private PowerCutFs(Path mountPoint, Path control, Process daemon) {
        this.mountPoint = mountPoint;
        this.control = control;
        this.daemon = daemon;
    }

    /** Whether this machine can mount one: python3-fusepy installed and /dev/fuse present. */
    public static boolean available() {
        if (!Files.exists(Path.of("/dev/fuse")) || !Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import fusepy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Mounts a new, empty filesystem at {@code dir/mnt}, its blobs in {@code dir/backing}. */
    public static PowerCutFs mount(Path dir) {
        try {
            Files.createDirectories(dir);
            Path mnt = dir.resolve("mnt");
            Path backing = dir.resolve("backing");
            Path script = dir.resolve("powercut-fs.py");
            Path control = dir.resolve("control.sock");
            unmountQuietly(mnt);
            Files.createDirectories(mnt);
            try (InputStream in = PowerCutFs.class.getResourceAsStream("/powercut-fs.py")) {
                if (in == null) {
                    throw new IllegalStateException("powercut-fs.py is not on the class path");
                }
                Files.write(script, in.readAllBytes());
            }
            Files.deleteIfExists(control);
            Process p = new ProcessBuilder(PYTHON, "-W", "ignore", script.toString(), backing.toString(), mnt.toString(),
                    control.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("powercut-fs.log").toFile()))
                    .start();
            PowerCutFs fs = new PowerCutFs(mnt, control, p);
            boolean up = Waits.until(Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> !p.isAlive() || (fs.mounted() && Files.exists(control)));
            if (!up || !p.isAlive()) {
                fs.close();
                throw new IllegalStateException("powercut-fs did not mount at " + mnt + "; see " + dir.resolve("powercut-fs.log"));
            }
            LOG.info("power-cut filesystem mounted at {}", mnt);
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mount a power-cut filesystem under " + dir, e);
        }
    }

    /** Where the filesystem is mounted. */
    public Path root() {
        return mountPoint;
    }

    /**
     * The power goes: from now on every write fails, and every file and directory is back to its durable state.
     * Kill the processes using the filesystem, then {@link #powerOn()} before starting them again.
     *
     * @return how many files lost writes
     */
    public int cut() {
        String reply = command("cut");
        return Integer.parseInt(reply.split(" ")[1]);
    }

    /**
     * The power is back: the filesystem is mounted afresh (the kernel keeps no page, attribute or write error of
     * the dead machine) and accepts writes again. Only once no process uses it any more.
     */
    public void powerOn() {
        command("power-on");
    }

    private String command(String cmd) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(control));
            ch.write(ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(1024);
            StringBuilder sb = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                sb.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
                if (sb.indexOf("\n") >= 0) {
                    break;
                }
            }
            String reply = sb.toString().trim();
            if (!reply.startsWith("ok")) {
                throw new IllegalStateException("powercut-fs " + cmd + ": " + reply);
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("powercut-fs " + cmd, e);
        }
    }

    private boolean mounted() {
        try {
            String target = mountPoint.toAbsolutePath().toString();
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .map(l -> l.split(" "))
                    .anyMatch(f -> f.length > 2 && f[1].equals(target) && f[2].startsWith("fuse"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmounts whatever is mounted at {@code mnt}, if anything. */
    static void unmountQuietly(Path mnt) {
        for (String tool : List.of("fusermount", "fusermount3")) {
            try {
                Process p = new ProcessBuilder(tool, "-u", "-z", mnt.toString()).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // not installed: try the other one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Unmounts (lazily, so a process still holding a file does not keep it) and stops the daemon. */
    @Override
    public void close() {
        unmountQuietly(mountPoint);
        try {
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
