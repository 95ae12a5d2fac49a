package org.tonearm.http.spotify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens issued by {@code POST /api/token} (client-credentials grant). Tokens are random, live an hour
 * like Spotify's, and are kept only in memory: after a restart clients get a 401 and fetch a new one, as they
 * already do when a Spotify token expires.
 */
final class AccessTokens {
    /** What a presented token turned out to be. */
    enum Check { VALID, EXPIRED, UNKNOWN }

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration lifetime;

    AccessTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    String issue() {
        if (expiries.size() > 100_000) {
            long now = clock.millis();
            expiries.values().removeIf(exp -> exp < now);
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = "BQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        expiries.put(token, clock.millis() + lifetime.toMillis());
        return token;
    }

    Check check(String token) {
        Long exp = expiries.get(token);
        if (exp == null) {
            return Check.UNKNOWN;
        }
        if (exp < clock.millis()) {
            expiries.remove(token);
            return Check.EXPIRED;
        }
        return Check.VALID;
    }
}
