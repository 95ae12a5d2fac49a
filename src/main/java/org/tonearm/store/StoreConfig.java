package org.tonearm.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the app state lives: {@code url} empty means the SQLite file {@code DATA/tonearm.db}; otherwise a
 * {@code postgresql://user:password@host:port/db} (or {@code jdbc:postgresql:...}, {@code jdbc:sqlite:...}) address.
 */
public record StoreConfig(String url, Path dataDir, int poolSize) {

    /** The default: a SQLite file in the data folder. */
    public static StoreConfig sqlite(Path dataDir) {
        return new StoreConfig("", dataDir, 4);
    }

    Store.Kind kind() {
        String u = url == null ? "" : url.trim();
        if (u.isEmpty() || u.startsWith("jdbc:sqlite:") || u.startsWith("sqlite:")) {
            return Store.Kind.SQLITE;
        }
        if (u.startsWith("postgresql://") || u.startsWith("postgres://") || u.startsWith("jdbc:postgresql:")) {
            return Store.Kind.POSTGRES;
        }
        throw new IllegalArgumentException("db.url must start with postgresql:// or jdbc:sqlite:, got '" + redacted() + "'");
    }

    Path sqliteFile() {
        String u = url == null ? "" : url.trim();
        if (u.isEmpty()) {
            return dataDir.resolve("tonearm.db");
        }
        return Path.of(u.substring(u.indexOf(':', u.startsWith("jdbc:") ? 5 : 0) + 1));
    }

    /** JDBC URL, user and password for PostgreSQL; credentials in the address are moved out of the URL. */
    String[] postgres() {
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql:")) {
            return new String[] {u, null, null};
        }
        URI uri = URI.create(u.replaceFirst("^postgres(ql)?://", "http://"));
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new String[] {jdbc, user, password};
    }

    /** The address without its password, for logs and error messages. */
    public String redacted() {
        String u = url == null ? "" : url;
        return u.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
