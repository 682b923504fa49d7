package dev.edgesync.edge.layering;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layering of edge-node (docs/design.md section 2) as rules: a package imports only packages of a
 * lower layer (never a peer, never one above), and no package cycles.
 */
public final class EdgeLayering {

    /** Top to bottom. A package's sub-packages (pipeline.process, pipeline.aggregate) belong to its layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("boot"),
            List.of("history"),
            List.of("status", "health"),
            List.of("downlink"),
            List.of("sync"),
            List.of("ingest", "pipeline"),
            List.of("buffer"),
            List.of("api", "admission", "reference", "link"),
            List.of("state", "broker"),
            List.of("config"),
            List.of("stream", "problem"));

    private EdgeLayering() {
    }

    /** Every class under {@code root} depends only on its own package or packages of a lower layer. */
    public static ArchRule importsRunDownward(String root) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("depend only on its own package or a lower layer") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        Optional<Integer> from = layerOf(root, item.getPackageName());
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass().getBaseComponentType();
                            String to = target.getPackageName();
                            if (!to.startsWith(root + ".") || topPackage(root, to).equals(topPackage(root, item.getPackageName()))) {
                                continue;
                            }
                            Optional<Integer> toLayer = layerOf(root, to);
                            boolean allowed = from.isPresent() && toLayer.isPresent() && toLayer.get() > from.get();
                            if (!allowed) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()
                                        + " [" + topPackage(root, item.getPackageName()) + " may not import "
                                        + topPackage(root, to) + "]"));
                            }
                        }
                    }
                });
    }

    /** No two packages under {@code root} (sub-packages counted apart) import each other, directly or around a loop. */
    public static ArchRule freeOfCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static void checkAll(String root, JavaClasses classes) {
        importsRunDownward(root).check(classes);
        freeOfCycles(root).check(classes);
    }

    static String topPackage(String root, String pkg) {
        String rest = pkg.length() > root.length() ? pkg.substring(root.length() + 1) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** A package missing from {@link #LAYERS} has no layer: its imports are all reported, so it gets placed. */
    static Optional<Integer> layerOf(String root, String pkg) {
        String top = topPackage(root, pkg);
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(top)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
