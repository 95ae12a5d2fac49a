package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps each account's session in its own JSON file (owner-only permissions), replaced atomically. */
public final class FileTokenStore implements TokenStore {
    private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public FileTokenStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<Session> load(String account) {
        Path file = file(account);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode j = JSON.readTree(file.toFile());
            JsonNode t = j.path("token");
            VkToken token = new VkToken(t.path("access_token").asText(), t.path("user_id").asLong(),
                    t.hasNonNull("expires_at") ? Instant.parse(t.get("expires_at").asText()) : null,
                    new Rights(t.path("scope").asLong()));
            List<HttpCookie> cookies = new ArrayList<>();
            for (JsonNode c : j.path("cookies")) {
                HttpCookie cookie = new HttpCookie(c.path("name").asText(), c.path("value").asText());
                cookie.setDomain(c.path("domain").isNull() ? null : c.path("domain").asText(null));
                cookie.setPath(c.path("path").asText("/"));
                cookie.setSecure(c.path("secure").asBoolean());
                cookie.setHttpOnly(c.path("http_only").asBoolean());
                cookie.setVersion(c.path("version").asInt(0));
                cookies.add(cookie);
            }
            return Optional.of(new Session(token, cookies, Instant.parse(j.path("saved_at").asText(Instant.EPOCH.toString()))));
        } catch (IOException | RuntimeException e) {
            // A damaged session file only costs a fresh login, so it is not fatal.
            log.warn("ignoring unreadable VK session file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void save(String account, Session session) {
        ObjectNode j = JSON.createObjectNode();
        ObjectNode t = j.putObject("token");
        VkToken token = session.token();
        t.put("access_token", token.accessToken());
        t.put("user_id", token.userId());
        t.put("expires_at", token.expiresAt() == null ? null : token.expiresAt().toString());
        t.put("scope", token.scope().mask());
        ArrayNode cs = j.putArray("cookies");
        for (HttpCookie c : session.cookies()) {
            if (c.hasExpired()) {
                continue;
            }
            ObjectNode o = cs.addObject();
            o.put("name", c.getName());
            o.put("value", c.getValue());
            o.put("domain", c.getDomain());
            o.put("path", c.getPath());
            o.put("secure", c.getSecure());
            o.put("http_only", c.isHttpOnly());
            o.put("version", c.getVersion());
        }
        j.put("saved_at", session.savedAt().toString());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".session", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j).getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file(account), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(account), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the VK session in " + dir, e);
        }
    }

    @Override
    public void delete(String account) {
        try {
            Files.deleteIfExists(file(account));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the VK session in " + dir, e);
        }
    }

    /** File names are a hash of the account so logins never appear in directory listings. */
    Path file(String account) {
        CRC32 crc = new CRC32();
        crc.update(account.getBytes(StandardCharsets.UTF_8));
        return dir.resolve("vk-" + HexFormat.of().toHexDigits((int) crc.getValue()) + ".json");
    }
}
