package dev.edgesync.edge.api;

import java.util.Locale;
import java.util.Random;

/**
 * Respells a request target the ways that have fooled path checks: matrix parameters, empty and dot segments,
 * percent-escapes of letters, dots and separators, case, trailing slashes, backslashes, NULs, queries, fragments
 * and the absolute form. Some results still mean the same endpoint (a query, a trailing slash), most do not.
 */
final class PathSpellings {

    private PathSpellings() {
    }

    static String mutate(String target, Random random) {
        String prefix = "";
        String path = target;
        if (target.startsWith("http://")) {
            int slash = target.indexOf('/', 7);
            prefix = target.substring(0, slash);
            path = target.substring(slash);
        }
        int at = slashAt(path, random);
        String mutated = switch (random.nextInt(14)) {
            case 0 -> insert(path, segmentEnd(path, at), ";" + (random.nextBoolean() ? "x" : "a=b"));
            case 1 -> insert(path, at, "/");
            case 2 -> insert(path, at, "/.");
            case 3 -> insert(path, at, "/x/..");
            case 4 -> encodeOne(path, random);
            case 5 -> at == 0 ? path : path.substring(0, at) + pick(random, "%2f", "%2F", "%5c", "%5C", "%3b")
                    + path.substring(at + 1);
            case 6 -> flipCase(path, random);
            case 7 -> path + "/";
            case 8 -> insert(path, at, "/" + pick(random, "%2e", "%2E", "%2e%2e", ".%2e", "%2e."));
            case 9 -> path + pick(random, "?x=1", "?", "?a=%2f");
            case 10 -> at == 0 ? path : path.substring(0, at) + "\\" + path.substring(at + 1);
            case 11 -> path + "#" + pick(random, "f", "/../q/health/live");
            case 12 -> insert(path, segmentEnd(path, at), pick(random, "%00", "%20", "%09", "%0a"));
            default -> "http://localhost" + path;
        };
        return prefix.isEmpty() || mutated.startsWith("http://") ? mutated : prefix + mutated;
    }

    private static int slashAt(String path, Random random) {
        int count = (int) path.chars().filter(c -> c == '/').count();
        int n = random.nextInt(count);
        int i = -1;
        for (int k = 0; k <= n; k++) {
            i = path.indexOf('/', i + 1);
        }
        return i;
    }

    private static int segmentEnd(String path, int slash) {
        int next = path.indexOf('/', slash + 1);
        return next < 0 ? path.length() : next;
    }

    private static String insert(String s, int at, String what) {
        return s.substring(0, at) + what + s.substring(at);
    }

    private static String encodeOne(String path, Random random) {
        for (int tries = 0; tries < 20; tries++) {
            int i = random.nextInt(path.length());
            char c = path.charAt(i);
            if (c != '/' && c != '%') {
                String hex = String.format("%02x", (int) c);
                return path.substring(0, i) + "%" + (random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT))
                        + path.substring(i + 1);
            }
        }
        return path;
    }

    private static String flipCase(String path, Random random) {
        for (int tries = 0; tries < 20; tries++) {
            int i = random.nextInt(path.length());
            char c = path.charAt(i);
            if (Character.isLetter(c)) {
                char f = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return path.substring(0, i) + f + path.substring(i + 1);
            }
        }
        return path;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
