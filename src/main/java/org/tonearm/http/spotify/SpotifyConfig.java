package org.tonearm.http.spotify;

import java.time.Duration;

/**
 * Settings of the Spotify Web API face.
 *
 * @param requireToken    whether {@code /v1} needs a bearer token from {@code /api/token} (off on a single-user install)
 * @param rateLimitPer30s requests per caller per 30 s before 429; 0 is unlimited
 * @param publicUrl       the base URL clients reach this server at, for hrefs; null takes it from each request
 * @param userMarket      the market {@code market=from_token} stands for
 * @param tokenLifetime   how long an access token lives
 */
public record SpotifyConfig(boolean requireToken, int rateLimitPer30s, String publicUrl, String userMarket,
                            Duration tokenLifetime) {
}
