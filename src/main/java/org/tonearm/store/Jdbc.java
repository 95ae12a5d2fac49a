package org.tonearm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.tonearm.TonearmException;

/**
 * The one JDBC code path for SQLite and PostgreSQL: transactions that commit all or nothing, and single statements.
 * Unique-key violations become {@link TonearmException.Conflict}; every other SQL error a {@link StoreFailure}.
 */
public final class Jdbc {
    private final DataSource dataSource;
    private final Store.Kind kind;

    Jdbc(DataSource dataSource, Store.Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    public Store.Kind kind() {
        return kind;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything. */
    public <T> T transaction(Function<Tx, T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(new Tx(c, kind));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw translate(e, "commit");
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw translate(e, "connection");
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: the pool evicts it, and the caller already has the error that broke it
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    public <T> List<T> query(String sql, Tx.Row<T> row, Object... params) {
        return auto(tx -> tx.query(sql, row, params));
    }

    public <T> Optional<T> one(String sql, Tx.Row<T> row, Object... params) {
        return auto(tx -> tx.one(sql, row, params));
    }

    public long count(String sql, Object... params) {
        return auto(tx -> tx.count(sql, params));
    }

    public int update(String sql, Object... params) {
        return auto(tx -> tx.update(sql, params));
    }

    private <T> T auto(Function<Tx, T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(new Tx(c, kind));
        } catch (SQLException e) {
            throw translate(e, "connection");
        }
    }

    static RuntimeException translate(SQLException e, String what) {
        String state = e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        boolean unique = "23505".equals(state) || message.contains("SQLITE_CONSTRAINT_UNIQUE")
            || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
        if (unique) {
            return new TonearmException.Conflict("already exists");
        }
        return new StoreFailure("database error in " + firstWords(what) + ": " + message, e);
    }

    private static String firstWords(String sql) {
        String s = sql.strip();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
