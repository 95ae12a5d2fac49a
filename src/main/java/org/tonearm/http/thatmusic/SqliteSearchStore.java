package org.tonearm.http.thatmusic;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tonearm.TonearmException;
import org.tonearm.source.SourceAudio;

/** Search pages in a SQLite file of their own, so links survive a restart for as long as they are valid. */
final class SqliteSearchStore implements SearchStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection db;

    SqliteSearchStore(Path file) throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS search (hash TEXT PRIMARY KEY, query TEXT NOT NULL, page INTEGER NOT NULL, "
                + "fetched_at INTEGER NOT NULL, audios TEXT NOT NULL)");
        }
    }

    @Override
    public synchronized Optional<SearchEntry> get(String hash) {
        try (PreparedStatement q = db.prepareStatement("SELECT query, page, fetched_at, audios FROM search WHERE hash = ?")) {
            q.setString(1, hash);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                List<SourceAudio> audios = JSON.readValue(r.getString(4), new TypeReference<List<SourceAudio>>() { });
                return Optional.of(new SearchEntry(hash, r.getString(1), r.getInt(2), Instant.ofEpochMilli(r.getLong(3)), audios));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new TonearmException.Unavailable("the search cache cannot be read: " + e.getMessage());
        }
    }

    @Override
    public synchronized void put(SearchEntry e) {
        try (PreparedStatement q = db.prepareStatement("INSERT OR REPLACE INTO search (hash, query, page, fetched_at, audios) "
            + "VALUES (?, ?, ?, ?, ?)")) {
            q.setString(1, e.hash());
            q.setString(2, e.query());
            q.setInt(3, e.page());
            q.setLong(4, e.fetchedAt().toEpochMilli());
            q.setString(5, JSON.writeValueAsString(e.audios()));
            q.executeUpdate();
        } catch (SQLException | java.io.IOException ex) {
            throw new TonearmException.Unavailable("the search cache cannot be written: " + ex.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at shutdown; nothing left to save
        }
    }
}
