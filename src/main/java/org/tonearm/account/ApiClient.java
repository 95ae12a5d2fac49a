package org.tonearm.account;

import java.time.Instant;

/** A registered client of the Spotify face's {@code /api/token} (client-credentials grant); the secret is only a hash. */
public record ApiClient(String clientId, String name, String secretHash, Instant createdAt) {
}
