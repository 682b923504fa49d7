package dev.edgesync.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the package's maintainer scripts as dpkg would with {@code --root}: {@code DPKG_ROOT} points at a temp
 * directory, and the tools that change the host (user management, chown to a user that does not exist,
 * systemctl) are stubs on the PATH that record their calls. getent answers from the users the stubs made.
 */
final class MaintainerScripts {

    /** Sets u to the stub's last argument: the user or group name. */
    private static final String LAST = "for a in \"$@\"; do u=$a; done\n";

    private final Path control;
    private final Path root;
    private final Path stubs;
    private final Path log;
    private final Path users;

    MaintainerScripts(Path control, Path tmp) throws IOException {
        this.control = control;
        this.root = Files.createDirectories(tmp.resolve("root"));
        this.stubs = Files.createDirectories(tmp.resolve("stubs"));
        this.log = Files.createFile(tmp.resolve("calls.log"));
        this.users = Files.createFile(tmp.resolve("users"));
        String record = "echo \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n";
        stub("systemctl", record);
        stub("chown", record);
        stub("addgroup", record + LAST + "echo \"group $u\" >> \"$STUB_USERS\"\n");
        stub("adduser", record + LAST + "echo \"passwd $u\" >> \"$STUB_USERS\"\n");
        stub("deluser", record + LAST + "sed -i \"/^passwd $u\\$/d\" \"$STUB_USERS\"\n");
        stub("delgroup", record + LAST + "sed -i \"/^group $u\\$/d\" \"$STUB_USERS\"\n");
        stub("getent", "grep -qx \"$1 $2\" \"$STUB_USERS\" || exit 2\necho \"$2:x:999:999::/:/usr/sbin/nologin\"\n");
    }

    Path root() {
        return root;
    }

    /** Runs {@code script} with {@code args}; fails on a non-zero exit; returns its output. */
    String run(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sh", control.resolve(script).toString()));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd, Map.of(
                "DPKG_ROOT", root.toString(),
                "PATH", stubs + ":" + System.getenv("PATH"),
                "STUB_LOG", log.toString(),
                "STUB_USERS", users.toString())).ok();
    }

    List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }

    void clearCalls() throws IOException {
        Files.writeString(log, "");
    }

    private void stub(String name, String body) throws IOException {
        Path p = stubs.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
