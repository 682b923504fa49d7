package dev.edgesync.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the repository's manifests: every document of every YAML file, and the JSON files. */
final class Manifests {

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static Path repo() {
        String root = System.getProperty("repo.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root).toAbsolutePath().normalize();
    }

    static Path deploy() {
        return repo().resolve("deploy");
    }

    /** Every file under deploy/ (not target/ or src/) with one of the extensions. */
    static List<Path> files(String... extensions) {
        try (Stream<Path> s = Files.walk(deploy())) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !deploy().relativize(p).startsWith("target") && !deploy().relativize(p).startsWith("src"))
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (multi-document) YAML file; empty documents are left out. */
    static List<JsonNode> yaml(Path file) {
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile());
             MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every Kubernetes object under deploy/kubernetes (kustomization.yaml is a build file, not an object). */
    static List<JsonNode> kubernetes() {
        List<JsonNode> all = new ArrayList<>();
        for (Path f : files(".yaml", ".yml")) {
            if (deploy().relativize(f).startsWith("kubernetes") && !f.endsWith("kustomization.yaml")) {
                all.addAll(yaml(f));
            }
        }
        return all;
    }

    static List<JsonNode> ofKind(String kind) {
        return kubernetes().stream().filter(n -> kind.equals(n.path("kind").asText())).toList();
    }

    static JsonNode one(String kind, String name) {
        return ofKind(kind).stream().filter(n -> name.equals(n.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " under deploy/kubernetes"));
    }
}
