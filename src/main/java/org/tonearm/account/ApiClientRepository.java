package org.tonearm.account;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tonearm.TonearmException;
import org.tonearm.store.Jdbc;

/** Client ids with Argon2id-hashed secrets for {@code /api/token}: the secret is shown once, at creation, never stored. */
public final class ApiClientRepository {
    /** A freshly created client and its one-time plaintext secret. */
    public record Created(ApiClient client, String secret) {
    }

    private final Jdbc jdbc;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();
    private final String decoyHash;

    public ApiClientRepository(Jdbc jdbc, PasswordHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.decoyHash = hasher.hash("decoy-secret-never-used");
    }

    /** Creates a client with random id and secret. */
    public Created create(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new TonearmException.InvalidInput("client name must be 1-200 characters");
        }
        String id = randomHex(16);
        String secret = randomHex(32);
        long now = System.currentTimeMillis();
        jdbc.update("INSERT INTO api_clients (client_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)", id, name,
            hasher.hash(secret), now);
        return new Created(new ApiClient(id, name, find(id).orElseThrow().secretHash(), Instant.ofEpochMilli(now)), secret);
    }

    public Optional<ApiClient> find(String clientId) {
        return jdbc.one("SELECT client_id, name, secret_hash, created_at FROM api_clients WHERE client_id = ?",
            rs -> new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))),
            clientId);
    }

    public List<ApiClient> list() {
        return jdbc.query("SELECT client_id, name, secret_hash, created_at FROM api_clients ORDER BY created_at, client_id",
            rs -> new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
    }

    /** Returns whether a client existed and was deleted. */
    public boolean delete(String clientId) {
        return jdbc.update("DELETE FROM api_clients WHERE client_id = ?", clientId) > 0;
    }

    /** Whether the secret belongs to the client; takes the same time for unknown clients. */
    public boolean verify(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return false;
        }
        Optional<ApiClient> client = find(clientId);
        boolean match = hasher.verify(secret, client.map(ApiClient::secretHash).orElse(decoyHash));
        return match && client.isPresent();
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
