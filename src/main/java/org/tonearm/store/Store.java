package org.tonearm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The app state: opens SQLite (default, a WAL-mode file in the data folder) or PostgreSQL, brings the schema up to date
 * with the Flyway migrations in {@code db/migration} (one set for both), and hands out the JDBC code path.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    /** The two supported databases. */
    public enum Kind { SQLITE, POSTGRES }

    private final Kind kind;
    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final String description;

    private Store(Kind kind, HikariDataSource dataSource, String description) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource, kind);
        this.description = description;
    }

    /** Opens the database named by the configuration and migrates it; fails with a message naming the database. */
    public static Store open(StoreConfig config) {
        Kind kind;
        try {
            kind = config.kind();
        } catch (IllegalArgumentException e) {
            throw new StoreFailure(e.getMessage(), e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tonearm-store");
        hc.setMaximumPoolSize(Math.max(1, config.poolSize()));
        hc.setMinimumIdle(1);
        String description;
        if (kind == Kind.SQLITE) {
            Path file = config.sqliteFile().toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file.getParent(), e);
            }
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sc.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sc.setBusyTimeout(15_000);
            sc.enforceForeignKeys(true);
            // Write transactions take the write lock at BEGIN, so two writers queue on the busy timeout
            // instead of deadlocking when both try to upgrade a read lock.
            sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource ds = new SQLiteDataSource(sc);
            ds.setUrl("jdbc:sqlite:" + file);
            hc.setDataSource(ds);
            description = "SQLite " + file;
        } else {
            String[] pg = config.postgres();
            hc.setJdbcUrl(pg[0]);
            if (pg[1] != null) {
                hc.setUsername(pg[1]);
            }
            if (pg[2] != null) {
                hc.setPassword(pg[2]);
            }
            description = "PostgreSQL " + config.redacted();
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreFailure("cannot open " + description + ": " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
            log.info("app state in {} (schema version {}, {} migrations applied)", description,
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreFailure("cannot migrate " + description + ": " + rootMessage(e), e);
        }
        return new Store(kind, ds, description);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public Kind kind() {
        return kind;
    }

    /** The JDBC code path every repository uses. */
    public Jdbc jdbc() {
        return jdbc;
    }

    /** Small named values (configuration documents) kept in the database. */
    public SettingsRepository settings() {
        return new SettingsRepository(jdbc);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
