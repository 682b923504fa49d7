package dev.edgesync.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The .deb as dpkg sees it: control fields, file list and modes, conffiles, maintainer scripts (run against a
 * fake root with stubbed user and systemd tools), the systemd unit, and the tarball's layout.
 */
class EdgeDebPackageIT {

    private static Path deb;
    private static Path root;
    private static Path control;

    @BeforeAll
    static void extract(@TempDir Path tmp) {
        assumeTrue(Cmd.onPath("dpkg-deb"), "dpkg-deb is not installed: the .deb cannot be inspected here");
        deb = Artifacts.deb();
        root = tmp.resolve("root");
        control = tmp.resolve("control");
        Cmd.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString())).ok();
        Cmd.run(List.of("dpkg-deb", "-e", deb.toString(), control.toString())).ok();
    }

    @Test
    void controlFieldsNameTheEdgeNodePackage() {
        assertThat(field("Package")).isEqualTo("edge-node");
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Version")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(field("Depends")).contains("adduser").contains("openjdk-17-jre-headless");
        assertThat(field("Maintainer")).isNotBlank();
        assertThat(field("Description")).contains("edge node");
    }

    @Test
    void containsTheAppTheLauncherTheUnitAndTheConfig() {
        String list = Cmd.run(List.of("dpkg-deb", "-c", deb.toString())).ok();
        assertThat(list).contains("./usr/lib/edge-node/app/quarkus-run.jar")
                .contains("./usr/lib/edge-node/app/lib/main/")
                .contains("./lib/systemd/system/edge-node.service")
                .contains("./etc/edge-node/application.properties")
                .contains("./usr/share/doc/edge-node/operations.md")
                .containsPattern("-rwxr-xr-x root/root +\\d+ [-0-9: ]+\\./usr/lib/edge-node/bin/edge-node\\n")
                .containsPattern("\\./usr/bin/edge-node -> /usr/lib/edge-node/bin/edge-node")
                // Data is made by postinst, never shipped: dpkg must not own (and so delete) it.
                .doesNotContain("./var/lib/edge-node");
    }

    @Test
    void configIsAConffileWithTheDataDirAndAnUnsetSiteId() throws IOException {
        assertThat(Files.readAllLines(control.resolve("conffiles"))).containsExactly("/etc/edge-node/application.properties");
        String conf = Files.readString(root.resolve("etc/edge-node/application.properties"));
        assertThat(conf).containsPattern("(?m)^edge\\.data-dir=/var/lib/edge-node$")
                .containsPattern("(?m)^#edge\\.site\\.id=")
                .doesNotContainPattern("(?m)^edge\\.site\\.id=");
    }

    @Test
    void maintainerScriptsAreExecutableShellWithoutSyntaxErrors() {
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path p = control.resolve(script);
            assertThat(Files.isExecutable(p)).as(script + " executable").isTrue();
            Cmd.run(List.of("sh", "-n", p.toString())).ok();
        }
    }

    @Test
    void postinstCreatesUserAndDirsKeepsDataOnUpgradeAndRemovePurgeDeletesThem(@TempDir Path tmp) throws IOException {
        MaintainerScripts scripts = new MaintainerScripts(control, tmp);
        Files.createDirectories(scripts.root().resolve("run/systemd/system"));
        Files.createDirectories(scripts.root().resolve("etc/edge-node"));
        Path conf = scripts.root().resolve("etc/edge-node/application.properties");
        Files.copy(root.resolve("etc/edge-node/application.properties"), conf);
        Path data = scripts.root().resolve("var/lib/edge-node");

        // Fresh install, not configured yet: user, group and data dir made; enabled but not started.
        String out = scripts.run("postinst", "configure");
        assertThat(scripts.calls()).contains("addgroup --system edge-node")
                .anyMatch(c -> c.startsWith("adduser --system --ingroup edge-node --home /var/lib/edge-node")
                        && c.endsWith(" edge-node"))
                .contains("chown edge-node:edge-node " + data, "chown root:edge-node " + conf,
                        "systemctl enable edge-node.service")
                .doesNotContain("systemctl start edge-node.service");
        assertThat(out).contains("set edge.site.id");
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(Files.getPosixFilePermissions(conf)).doesNotContain(PosixFilePermission.OTHERS_READ);

        // Upgrade of a configured box: the user exists already, the data stays, the service starts again.
        Path event = data.resolve("broker/raw.sales-0/00000000000000000000.log");
        Files.createDirectories(event.getParent());
        Files.writeString(event, "unsent events");
        Files.writeString(conf, "edge.site.id=store-042\n", java.nio.file.StandardOpenOption.APPEND);
        scripts.clearCalls();
        scripts.run("prerm", "upgrade", "0.1.1");
        assertThat(scripts.calls()).contains("systemctl stop edge-node.service");
        scripts.run("postrm", "upgrade", "0.1.1");
        scripts.run("postinst", "configure", "0.1.0");
        assertThat(scripts.calls()).noneMatch(c -> c.startsWith("adduser") || c.startsWith("addgroup"))
                .contains("systemctl start edge-node.service");
        assertThat(event).hasContent("unsent events");

        // Remove keeps data and user; purge deletes both.
        scripts.clearCalls();
        scripts.run("prerm", "remove");
        scripts.run("postrm", "remove");
        assertThat(scripts.calls()).contains("systemctl disable --now edge-node.service")
                .noneMatch(c -> c.startsWith("deluser"));
        assertThat(event).hasContent("unsent events");
        scripts.run("postrm", "purge");
        assertThat(data).doesNotExist();
        assertThat(scripts.calls()).contains("deluser --quiet --system edge-node", "delgroup --quiet --system edge-node");
    }

    @Test
    void unitRunsTheLauncherAsItsOwnUserInASandbox() throws IOException {
        Map<String, String> unit = SystemdUnit.parse(root.resolve("lib/systemd/system/edge-node.service"));
        assertThat(unit).containsEntry("Service.ExecStart", "/usr/lib/edge-node/bin/edge-node")
                .containsEntry("Service.User", "edge-node")
                .containsEntry("Service.Restart", "on-failure")
                .containsEntry("Service.ProtectSystem", "strict")
                .containsEntry("Service.ReadWritePaths", "/var/lib/edge-node")
                .containsEntry("Service.NoNewPrivileges", "yes")
                .containsEntry("Service.PrivateTmp", "yes")
                .containsEntry("Install.WantedBy", "multi-user.target")
                .containsKeys("Service.MemoryMax", "Service.LimitNOFILE");
    }

    @Test
    void systemdAnalyzeAcceptsTheUnit(@TempDir Path tmp) throws IOException {
        assumeTrue(Cmd.onPath("systemd-analyze"),
                "systemd-analyze is not installed (Debian package systemd): the unit file is not verified here");
        // verify checks that ExecStart exists: point it at the launcher extracted from this very package.
        Path launcher = root.resolve("usr/lib/edge-node/bin/edge-node");
        String text = Files.readString(root.resolve("lib/systemd/system/edge-node.service"))
                .replace("ExecStart=/usr/lib/edge-node/bin/edge-node", "ExecStart=" + launcher);
        Path unit = Files.writeString(tmp.resolve("edge-node.service"), text);
        Cmd result = Cmd.run(List.of("systemd-analyze", "verify", unit.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("warnings of systemd-analyze verify").isBlank();
    }

    @Test
    void tarballHoldsTheSameLauncherAppAndConfig() {
        Path tarball = Artifacts.tarball();
        String list = Cmd.run(List.of("tar", "-tzvf", tarball.toString())).ok();
        assertThat(list).containsPattern("-rwxr-xr-x \\S+ +\\d+ [-0-9: ]+edge-node-[^/]+/bin/edge-node\\n")
                .containsPattern("edge-node-[^/]+/app/quarkus-run.jar")
                .containsPattern("edge-node-[^/]+/app/lib/main/")
                .containsPattern("edge-node-[^/]+/config/application.properties")
                .containsPattern("edge-node-[^/]+/systemd/edge-node.service")
                .containsPattern("edge-node-[^/]+/doc/operations.md");
    }

    private static String field(String name) {
        return Cmd.run(List.of("dpkg-deb", "-f", deb.toString(), name)).ok().strip();
    }
}
