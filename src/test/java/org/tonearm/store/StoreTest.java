package org.tonearm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tonearm.TonearmException;

/** The store on both databases: migrations, concurrent writers, atomic transactions, reopening. */
class StoreTest {

    @EachDatabase
    void migrationsCreateEveryTableAndRecordTheirVersion(Store store) {
        for (String table : List.of("users", "sso_links", "sso_states", "revoked_tokens", "app_settings", "credentials",
            "api_clients")) {
            assertEquals(0, store.jdbc().count("SELECT COUNT(*) FROM " + table), table);
        }
        List<String> versions = store.jdbc().query(
            "SELECT version FROM flyway_schema_history WHERE success = " + (store.kind() == Store.Kind.POSTGRES ? "true" : "1")
                + " AND version IS NOT NULL ORDER BY installed_rank", rs -> rs.getString(1));
        assertEquals(List.of("1", "2"), versions);
    }

    @EachDatabase
    void reopeningKeepsDataAndDoesNotReapplyMigrations(Store store, Store.Kind kind, Path dataDir) {
        store.settings().put("k", "v1");
        if (kind == Store.Kind.SQLITE) {
            store.close();
            try (Store again = Store.open(StoreConfig.sqlite(dataDir))) {
                assertEquals("v1", again.settings().get("k").orElseThrow());
                assertEquals(2, again.jdbc().count("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"));
            }
            assertTrue(Files.exists(dataDir.resolve("tonearm.db")));
        } else {
            assertEquals("v1", store.settings().get("k").orElseThrow());
        }
    }

    @EachDatabase
    void sqliteRunsInWalMode(Store store, Store.Kind kind) {
        if (kind == Store.Kind.SQLITE) {
            assertEquals("wal", store.jdbc().one("PRAGMA journal_mode", rs -> rs.getString(1)).orElseThrow());
        }
    }

    @EachDatabase
    void concurrentWritersNeverLoseOrCorruptARow(Store store) throws Exception {
        int threads = 8;
        int perThread = 60;
        store.jdbc().update("INSERT INTO app_settings (name, value, updated_at) VALUES ('counter', '0', 0)");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        int i = n;
                        String name = "row-" + thread + "-" + i;
                        store.jdbc().transaction(tx -> {
                            tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES (?, ?, ?)", name,
                                "value-" + thread + "-" + i, System.currentTimeMillis());
                            // read-modify-write on one shared row: lost updates would show in the final count
                            long current = tx.one("SELECT value FROM app_settings WHERE name = 'counter'" + tx.forUpdate(),
                                rs -> Long.parseLong(rs.getString(1))).orElseThrow();
                            tx.update("UPDATE app_settings SET value = ? WHERE name = 'counter'", Long.toString(current + 1));
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, store.jdbc().count("SELECT COUNT(*) FROM app_settings WHERE name LIKE 'row-%'"));
        assertEquals(Long.toString(threads * perThread), store.settings().get("counter").orElseThrow());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i += 17) {
                assertEquals("value-" + t + "-" + i, store.settings().get("row-" + t + "-" + i).orElseThrow());
            }
        }
    }

    @EachDatabase
    void aFailedTransactionLeavesTheLastCommittedState(Store store) {
        store.settings().put("a", "committed");
        assertThrows(IllegalStateException.class, () -> store.jdbc().transaction(tx -> {
            tx.update("UPDATE app_settings SET value = 'half-done' WHERE name = 'a'");
            tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES ('b', 'new', 0)");
            throw new IllegalStateException("crash in the middle");
        }));
        assertEquals("committed", store.settings().get("a").orElseThrow());
        assertTrue(store.settings().get("b").isEmpty());
    }

    @EachDatabase
    void aDuplicateKeyIsAConflictAndRollsBackTheWholeTransaction(Store store) {
        store.settings().put("a", "1");
        assertThrows(TonearmException.Conflict.class, () -> store.jdbc().transaction(tx -> {
            tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES ('c', 'x', 0)");
            tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES ('a', 'dup', 0)");
            return null;
        }));
        assertTrue(store.settings().get("c").isEmpty());
        assertEquals("1", store.settings().get("a").orElseThrow());
    }

    @EachDatabase
    void aProcessKilledMidTransactionLeavesTheLastCommittedState(Store store, Store.Kind kind, Path dataDir) throws Exception {
        if (kind == Store.Kind.POSTGRES) {
            killedPostgresBackend(store);
            return;
        }
        store.settings().put("a", "committed");
        store.close();
        // a separate JVM opens the same file, writes inside a transaction and is killed before it commits
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "--enable-native-access=ALL-UNNAMED", CrashingWriter.class.getName(), dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
        assertEquals("writing", line);
        child.destroyForcibly().waitFor();
        try (Store again = Store.open(StoreConfig.sqlite(dataDir))) {
            assertEquals("committed", again.settings().get("a").orElseThrow());
            assertTrue(again.settings().get("b").isEmpty());
            again.settings().put("a", "after");
            assertEquals("after", again.settings().get("a").orElseThrow());
        }
    }

    /** The server process serving a transaction is killed before the commit: nothing of that transaction remains. */
    private static void killedPostgresBackend(Store store) {
        store.settings().put("a", "committed");
        assertThrows(RuntimeException.class, () -> store.jdbc().transaction(tx -> {
            tx.update("UPDATE app_settings SET value = 'half-done' WHERE name = 'a'");
            tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES ('b', 'new', 0)");
            int pid = tx.one("SELECT pg_backend_pid()", rs -> rs.getInt(1)).orElseThrow();
            assertTrue(store.jdbc().one("SELECT pg_terminate_backend(?)", rs -> rs.getBoolean(1), pid).orElseThrow());
            return tx.count("SELECT COUNT(*) FROM app_settings");
        }));
        assertEquals("committed", store.settings().get("a").orElseThrow());
        assertTrue(store.settings().get("b").isEmpty());
        store.settings().put("a", "after");
        assertEquals("after", store.settings().get("a").orElseThrow(), "the pool recovers from the dead connection");
    }

    @Test
    void postgresAddressesMoveCredentialsOutOfTheUrlAndLogsHideThePassword() {
        StoreConfig c = new StoreConfig("postgresql://tone:s%40cret@db.local:5433/music?sslmode=require", Path.of("."), 4);
        assertEquals(Store.Kind.POSTGRES, c.kind());
        String[] pg = c.postgres();
        assertEquals("jdbc:postgresql://db.local:5433/music?sslmode=require", pg[0]);
        assertEquals("tone", pg[1]);
        assertEquals("s@cret", pg[2]);
        assertEquals("postgresql://tone:***@db.local:5433/music?sslmode=require", c.redacted());
        assertThrows(StoreFailure.class, () -> Store.open(new StoreConfig("mysql://x/y", Path.of("."), 1)));
    }

    /** Run in a child JVM by the crash test: starts a write transaction and waits to be killed. */
    public static final class CrashingWriter {
        public static void main(String[] args) throws Exception {
            Store store = Store.open(StoreConfig.sqlite(Path.of(args[0])));
            store.jdbc().transaction(tx -> {
                tx.update("UPDATE app_settings SET value = 'half-done' WHERE name = 'a'");
                tx.update("INSERT INTO app_settings (name, value, updated_at) VALUES ('b', 'new', 0)");
                System.out.print("writing\n");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
        }
    }
}
