package org.tonearm.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tonearm.store.Jdbc;
import org.tonearm.store.Tx;

/** Users and their SSO links in the store. */
public final class UserRepository {
    private static final String COLUMNS = "u.username, u.email, u.password_hash, u.role, u.created_at, u.last_login, "
        + "u.token_version, (SELECT MIN(l.provider) FROM sso_links l WHERE l.username = u.username) AS sso_provider";

    private final Jdbc jdbc;

    public UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    static User map(ResultSet rs) throws SQLException {
        long lastLogin = rs.getLong(6);
        boolean noLogin = rs.wasNull();
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), Role.parse(rs.getString(4)),
            Instant.ofEpochMilli(rs.getLong(5)), noLogin ? null : Instant.ofEpochMilli(lastLogin), rs.getInt(7),
            rs.getString(8));
    }

    public Optional<User> find(String username) {
        return jdbc.one("SELECT " + COLUMNS + " FROM users u WHERE u.username = ?", UserRepository::map, username);
    }

    Optional<User> find(Tx tx, String username) {
        return tx.one("SELECT " + COLUMNS + " FROM users u WHERE u.username = ?" + tx.forUpdate(), UserRepository::map,
            username);
    }

    public List<User> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM users u ORDER BY u.username", UserRepository::map);
    }

    public long count() {
        return jdbc.count("SELECT COUNT(*) FROM users");
    }

    void insert(Tx tx, String username, String email, String passwordHash, Role role) {
        tx.update("INSERT INTO users (username, email, password_hash, role, created_at, token_version) VALUES (?, ?, ?, ?, ?, 0)",
            username, email, passwordHash, role.wire(), System.currentTimeMillis());
    }

    /** Locks the admin rows (PostgreSQL) and counts them, so "last admin" checks hold under concurrent changes. */
    long lockAndCountAdmins(Tx tx) {
        if (tx.forUpdate().isEmpty()) {
            return tx.count("SELECT COUNT(*) FROM users WHERE role = 'admin'");
        }
        return tx.query("SELECT username FROM users WHERE role = 'admin' ORDER BY username" + tx.forUpdate(), rs -> rs.getString(1)).size();
    }

    void setPassword(Tx tx, String username, String passwordHash) {
        tx.update("UPDATE users SET password_hash = ?, token_version = token_version + 1 WHERE username = ?", passwordHash,
            username);
    }

    void setRole(Tx tx, String username, Role role) {
        tx.update("UPDATE users SET role = ?, token_version = token_version + 1 WHERE username = ?", role.wire(), username);
    }

    void delete(Tx tx, String username) {
        tx.update("DELETE FROM sso_links WHERE username = ?", username);
        tx.update("DELETE FROM users WHERE username = ?", username);
    }

    void touchLogin(String username) {
        jdbc.update("UPDATE users SET last_login = ? WHERE username = ?", System.currentTimeMillis(), username);
    }

    Optional<String> userForSso(String provider, String subject) {
        return jdbc.one("SELECT username FROM sso_links WHERE provider = ? AND subject = ?", rs -> rs.getString(1), provider,
            subject);
    }

    void link(Tx tx, String provider, String subject, String username, String email) {
        tx.update("INSERT INTO sso_links (provider, subject, username, email, linked_at) VALUES (?, ?, ?, ?, ?)", provider,
            subject, username, email, System.currentTimeMillis());
    }

    int unlink(Tx tx, String provider, String username) {
        return tx.update("DELETE FROM sso_links WHERE provider = ? AND username = ?", provider, username);
    }

    List<String> linkedProviders(String username) {
        return jdbc.query("SELECT provider FROM sso_links WHERE username = ? ORDER BY provider", rs -> rs.getString(1), username);
    }
}
