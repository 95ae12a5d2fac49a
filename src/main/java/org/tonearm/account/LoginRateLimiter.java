package org.tonearm.account;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tonearm.TonearmException;

/**
 * Counts failed logins per client address and per username in a sliding window; past the limit a login is refused with
 * {@link TonearmException.RateLimited} (429 and {@code Retry-After}) before the password is even checked.
 */
public final class LoginRateLimiter {
    /** Limits; {@code windowSeconds} is how long a failure counts. */
    public record Limits(int perUser, int perAddress, int windowSeconds) {
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginRateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Throws when either the address or the username has used up its failures. */
    public void check(String address, String username) {
        long wait = Math.max(waitSeconds("ip:" + address, limits.perAddress()),
            waitSeconds("user:" + normal(username), limits.perUser()));
        if (wait > 0) {
            throw new TonearmException.RateLimited("Too many failed login attempts; try again later", wait);
        }
    }

    public void failed(String address, String username) {
        long now = clock.millis();
        add("ip:" + address, now);
        add("user:" + normal(username), now);
    }

    /** A successful login clears the username's failures (the address keeps its count: it may be guessing many names). */
    public void succeeded(String username) {
        failures.remove("user:" + normal(username));
    }

    private static String normal(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private void add(String key, long now) {
        if (failures.size() > 50_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            prune(q, now);
            q.addLast(now);
        }
    }

    private long waitSeconds(String key, int limit) {
        Deque<Long> q = failures.get(key);
        if (q == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (q) {
            prune(q, now);
            if (q.size() < limit) {
                return 0;
            }
            long oldestRelevant = q.stream().skip(q.size() - limit).findFirst().orElse(now);
            long until = oldestRelevant + limits.windowSeconds() * 1000L;
            return Math.max(1, (until - now + 999) / 1000);
        }
    }

    private void prune(Deque<Long> q, long now) {
        long cutoff = now - limits.windowSeconds() * 1000L;
        while (!q.isEmpty() && q.peekFirst() <= cutoff) {
            q.pollFirst();
        }
    }
}
