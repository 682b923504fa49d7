package dev.edgesync.access;

import java.util.List;
import java.util.Set;

/**
 * One endpoint of an API and what calling it takes: a method, a path template whose {@code {name}} segments
 * match any one segment, the scope a key needs ({@code null}: public, no key at all), and for endpoints with a
 * body, the media types accepted (checked before the body is read; empty: any).
 *
 * @param <S> the application's scope type
 */
public record Endpoint<S>(String method, String template, S scope, Set<String> mediaTypes) {

    public Endpoint {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a template starts with '/': " + template);
        }
        mediaTypes = Set.copyOf(mediaTypes);
    }

    public static <S> Endpoint<S> open(String method, String template) {
        return new Endpoint<>(method, template, null, Set.of());
    }

    public static <S> Endpoint<S> of(String method, String template, S scope) {
        return new Endpoint<>(method, template, scope, Set.of());
    }

    /** The same endpoint accepting only bodies of these media types (415 otherwise). */
    public Endpoint<S> accepting(String... types) {
        return new Endpoint<>(method, template, scope, Set.of(types));
    }

    public boolean isPublic() {
        return scope == null;
    }

    List<String> segments() {
        return template.equals("/") ? List.of() : List.of(template.substring(1).split("/", -1));
    }
}
