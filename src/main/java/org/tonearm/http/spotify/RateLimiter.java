package org.tonearm.http.spotify;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spotify's rolling 30-second rate limit, per caller (token or address): a fixed window of {@code limit}
 * requests; past it the caller is told how many seconds to wait.
 */
final class RateLimiter {
    private static final long WINDOW_MS = 30_000;

    private record Window(long start, AtomicInteger count) {
    }

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param limit requests per 30 s per caller; 0 turns limiting off */
    RateLimiter(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Whether requests are counted at all: callers skip naming the caller when not. */
    boolean enabled() {
        return limit > 0;
    }

    /** Counts one request; returns 0 when allowed, else the seconds until the caller may retry. */
    long acquire(String caller) {
        if (limit <= 0) {
            return 0;
        }
        long now = clock.millis();
        if (windows.size() > 50_000) {
            windows.values().removeIf(w -> now - w.start() >= WINDOW_MS);
        }
        Window w = windows.compute(caller, (k, old) -> old == null || now - old.start() >= WINDOW_MS
            ? new Window(now, new AtomicInteger()) : old);
        if (w.count().incrementAndGet() <= limit) {
            return 0;
        }
        return Math.max(1, (w.start() + WINDOW_MS - now + 999) / 1000);
    }
}
