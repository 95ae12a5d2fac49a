package org.tonearm.http.spotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tonearm.catalog.TestCatalogs;

/** The client-credentials token endpoint, required tokens with Spotify's 401 bodies, and 429 with Retry-After. */
class TokenAndLimitsTest {
    /** A clock tests move by hand. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    private static SpotifyServer.Reply token(SpotifyServer s, String basic, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base() + "/api/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return s.send(b.build());
    }

    @Test
    void tokensAreIssuedCheckedAndExpire() {
        MovableClock clock = new MovableClock();
        SpotifyConfig cfg = new SpotifyConfig(true, 0, null, "US", Duration.ofHours(1));
        try (SpotifyServer s = new SpotifyServer(TestCatalogs.sampleData(), cfg, (id, secret) -> id.equals("beets") && secret.equals("s3cret"), clock)) {
            var missing = s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY);
            SpotifyFaceTest.assertError(missing, 401, "No token provided");
            SpotifyFaceTest.assertError(s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY, "made-up"), 401, "Invalid access token");

            var viaBasic = token(s, "beets:s3cret", "grant_type=client_credentials");
            assertEquals(200, viaBasic.status(), viaBasic.raw());
            assertEquals("Bearer", viaBasic.body().path("token_type").asText());
            assertEquals(3600, viaBasic.body().path("expires_in").asInt());
            String tok = viaBasic.body().path("access_token").asText();
            assertEquals(200, s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY, tok).status());

            var viaForm = token(s, null, "grant_type=client_credentials&client_id=beets&client_secret=s3cret");
            assertEquals(200, viaForm.status());

            var wrong = token(s, "beets:nope", "grant_type=client_credentials");
            assertEquals(400, wrong.status());
            assertEquals("invalid_client", wrong.body().path("error").asText());
            assertTrue(!wrong.raw().contains("s3cret"));
            var noGrant = token(s, "beets:s3cret", "");
            assertEquals("unsupported_grant_type", noGrant.body().path("error").asText());
            var badBasic = token(s, null, "grant_type=client_credentials");
            assertEquals("invalid_client", badBasic.body().path("error").asText());

            clock.advance(Duration.ofMinutes(61));
            SpotifyFaceTest.assertError(s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY, tok), 401, "The access token expired");
        }
    }

    @Test
    void openByDefault() {
        try (SpotifyServer s = new SpotifyServer(TestCatalogs.sampleData(), SpotifyServer.open(null), (a, b) -> false, Clock.systemUTC())) {
            assertEquals(200, s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY).status());
            assertEquals(200, s.get("/v1/tracks/" + SpotifyFaceTest.BLUE_MONDAY, "anything").status());
        }
    }

    @Test
    void rateLimitAnswers429WithRetryAfterAndRecovers() {
        MovableClock clock = new MovableClock();
        SpotifyConfig cfg = new SpotifyConfig(false, 5, null, "US", Duration.ofHours(1));
        try (SpotifyServer s = new SpotifyServer(TestCatalogs.sampleData(), cfg, (a, b) -> false, clock)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, s.get("/v1/markets").status());
            }
            var limited = s.get("/v1/markets");
            SpotifyFaceTest.assertError(limited, 429, "API rate limit exceeded");
            assertEquals("30", limited.header("Retry-After"));
            clock.advance(Duration.ofSeconds(31));
            assertEquals(200, s.get("/v1/markets").status());
        }
    }
}
