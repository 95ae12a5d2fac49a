package org.tonearm.account;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.store.Jdbc;

/**
 * Credentials for the services Tonearm talks to ({@code vk} accounts, {@code spotify} API keys), encrypted at rest with
 * {@link SecretBox}. Each service has a fixed set of fields, of which some are secret and only ever shown masked.
 */
public final class CredentialService {
    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    private static final int MAX_VALUE = 8192;

    /** The fields one service accepts, which of them are secret, and which must be present. */
    public record Kind(Set<String> fields, Set<String> secret, List<Set<String>> requireOneOf) {
    }

    /** vk: an access token, or a login and password for the web session. spotify: client credentials. */
    public static final Map<String, Kind> SERVICES = Map.of(
        "vk", new Kind(Set.of("login", "password", "access_token"), Set.of("password", "access_token"),
            List.of(Set.of("access_token"), Set.of("login", "password"))),
        "spotify", new Kind(Set.of("client_id", "client_secret"), Set.of("client_secret"),
            List.of(Set.of("client_id", "client_secret"))));

    /** Where the Spotify API configuration ({@code /credentials/spotify_api_config}) is kept. */
    public static final String SPOTIFY_API = "spotify_api";

    private final Jdbc jdbc;
    private final SecretBox box;

    public CredentialService(Jdbc jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    public static Kind kind(String service) {
        Kind k = SERVICES.get(service);
        if (k == null) {
            throw new TonearmException.NotFound("Unknown credential service '" + AccountService.printable(service)
                + "' (known: " + String.join(", ", SERVICES.keySet().stream().sorted().toList()) + ")");
        }
        return k;
    }

    public List<Credential> list(String service) {
        kind(service);
        return jdbc.query("SELECT service, name, sealed, created_at, updated_at FROM credentials WHERE service = ? ORDER BY name",
            rs -> new Credential(rs.getString(1), rs.getString(2), unseal(rs.getString(1), rs.getString(2), rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))), service);
    }

    public Optional<Credential> find(String service, String name) {
        return jdbc.one("SELECT service, name, sealed, created_at, updated_at FROM credentials WHERE service = ? AND name = ?",
            rs -> new Credential(rs.getString(1), rs.getString(2), unseal(rs.getString(1), rs.getString(2), rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))), service, name);
    }

    public Credential get(String service, String name) {
        kind(service);
        return find(service, name).orElseThrow(() -> new TonearmException.NotFound(
            "No " + service + " credential named '" + AccountService.printable(name) + "'"));
    }

    public Credential create(String service, String name, Map<String, String> fields) {
        Kind k = kind(service);
        validateName(name);
        Map<String, String> clean = validate(k, fields, true);
        long now = System.currentTimeMillis();
        jdbc.update("INSERT INTO credentials (service, name, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            service, name, seal(service, name, clean), now, now);
        log.info("stored {} credential '{}'", service, name);
        return get(service, name);
    }

    /** Replaces the given fields of an existing credential, keeping the others. */
    public Credential update(String service, String name, Map<String, String> fields) {
        Kind k = kind(service);
        validate(k, fields, false);
        jdbc.transaction(tx -> {
            Optional<String> sealed = tx.one("SELECT sealed FROM credentials WHERE service = ? AND name = ?" + tx.forUpdate(),
                rs -> rs.getString(1), service, name);
            if (sealed.isEmpty()) {
                throw new TonearmException.NotFound("No " + service + " credential named '" + AccountService.printable(name) + "'");
            }
            Map<String, String> merged = new TreeMap<>(unseal(service, name, sealed.get()));
            merged.putAll(fields);
            validate(k, merged, true);
            tx.update("UPDATE credentials SET sealed = ?, updated_at = ? WHERE service = ? AND name = ?",
                seal(service, name, merged), System.currentTimeMillis(), service, name);
            return null;
        });
        log.info("updated {} credential '{}'", service, name);
        return get(service, name);
    }

    public void delete(String service, String name) {
        kind(service);
        if (jdbc.update("DELETE FROM credentials WHERE service = ? AND name = ?", service, name) == 0) {
            throw new TonearmException.NotFound("No " + service + " credential named '" + AccountService.printable(name) + "'");
        }
        log.info("deleted {} credential '{}'", service, name);
    }

    /** The Spotify API client credentials for the remote metadata source, if set. */
    public Optional<Map<String, String>> spotifyApi() {
        return find(SPOTIFY_API, "default").map(Credential::fields);
    }

    public Map<String, String> setSpotifyApi(Map<String, String> fields) {
        Kind k = SERVICES.get("spotify");
        validate(k, fields, false);
        Map<String, String> merged = new TreeMap<>(spotifyApi().orElse(Map.of()));
        merged.putAll(fields);
        validate(k, merged, true);
        long now = System.currentTimeMillis();
        jdbc.update("INSERT INTO credentials (service, name, sealed, created_at, updated_at) VALUES (?, 'default', ?, ?, ?) "
            + "ON CONFLICT (service, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            SPOTIFY_API, seal(SPOTIFY_API, "default", merged), now, now);
        log.info("updated the Spotify API configuration");
        return merged;
    }

    /** The fields of a credential as they may be shown: secrets masked. */
    public static Map<String, String> masked(String service, Map<String, String> fields) {
        Kind k = SERVICES.getOrDefault(service, SERVICES.get("spotify"));
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(fields).forEach((f, v) -> out.put(f, k.secret().contains(f) ? SecretBox.mask(v) : v));
        return out;
    }

    private static void validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TonearmException.InvalidInput(
                "credential name must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    private static Map<String, String> validate(Kind k, Map<String, String> fields, boolean complete) {
        List<String> unknown = fields.keySet().stream().filter(f -> !k.fields().contains(f)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new TonearmException.InvalidInput("unknown field(s): " + String.join(", ", unknown)
                + " (allowed: " + String.join(", ", k.fields().stream().sorted().toList()) + ")");
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new TonearmException.InvalidInput(e.getKey() + " must not be empty");
            }
            if (e.getValue().length() > MAX_VALUE) {
                throw new TonearmException.InvalidInput(e.getKey() + " is longer than " + MAX_VALUE + " characters");
            }
        }
        if (complete && k.requireOneOf().stream().noneMatch(set -> fields.keySet().containsAll(set))) {
            throw new TonearmException.InvalidInput("required: " + String.join(" or ",
                k.requireOneOf().stream().map(set -> String.join(" + ", set.stream().sorted().toList())).toList()));
        }
        return new TreeMap<>(fields);
    }

    private String seal(String service, String name, Map<String, String> fields) {
        try {
            return box.seal(JSON.writeValueAsString(fields), service + "/" + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> unseal(String service, String name, String sealed) {
        try {
            return JSON.readValue(box.open(sealed, service + "/" + name), new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("stored credential " + service + "/" + name + " is unreadable", e);
        }
    }
}
