package dev.edgesync.edge.pipeline.process;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Parses CloudEvents {@code time} (RFC 3339) to epoch milliseconds. The common UTC form
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} is parsed by hand: java.time's formatter costs more than the rest of an
 * aggregate step. Anything else goes through {@link OffsetDateTime#parse}.
 */
public final class EventTimes {

    private EventTimes() {
    }

    /** Epoch milliseconds of {@code t}; throws {@link java.time.format.DateTimeParseException} if it is not RFC 3339. */
    public static long parseMillis(String t) {
        int n = t.length();
        if (n >= 20 && t.charAt(n - 1) == 'Z' && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T'
                && t.charAt(13) == ':' && t.charAt(16) == ':') {
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 7);
            int day = digits(t, 8, 10);
            int hour = digits(t, 11, 13);
            int minute = digits(t, 14, 16);
            int second = digits(t, 17, 19);
            int millis = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
            if (ok && n > 20) {
                ok = t.charAt(19) == '.' && n > 21;
                for (int i = 20; ok && i < n - 1; i++) {
                    char c = t.charAt(i);
                    ok = c >= '0' && c <= '9';
                    if (ok && i < 23) {
                        millis = millis * 10 + (c - '0');
                    }
                }
                for (int i = Math.min(n - 1, 23); ok && i < 23; i++) {
                    millis *= 10;
                }
            } else if (ok) {
                ok = t.charAt(19) == 'Z';
            }
            if (ok && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
