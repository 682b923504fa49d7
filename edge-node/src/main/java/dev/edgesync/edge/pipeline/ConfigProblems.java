package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.pipeline.process.JsonPaths;

import java.util.ArrayList;
import java.util.List;

/** The problems found in the pipeline configuration so far, in the order found, each naming its key. */
final class ConfigProblems {

    private final List<String> list = new ArrayList<>();

    void add(String problem) {
        list.add(problem);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<String> list() {
        return list;
    }

    /** Adds a problem for each entry of {@code paths} that is not a dotted field path; true if there was none. */
    boolean checkPaths(String key, List<String> paths) {
        boolean ok = true;
        for (String p : paths) {
            if (!JsonPaths.isValid(p)) {
                list.add(key + ": '" + p + "' is not a dotted field path (letters, digits, _ - $ @ between dots)");
                ok = false;
            }
        }
        return ok;
    }
}
