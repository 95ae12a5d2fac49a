package org.tonearm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One connection inside a transaction (or a single auto-committed statement): parameterised queries and updates. */
public final class Tx {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final Store.Kind kind;

    Tx(Connection connection, Store.Kind kind) {
        this.connection = connection;
        this.kind = kind;
    }

    public Store.Kind kind() {
        return kind;
    }

    /** {@code " FOR UPDATE"} on PostgreSQL (row locks); empty on SQLite, whose write transactions are already exclusive. */
    public String forUpdate() {
        return kind == Store.Kind.POSTGRES ? " FOR UPDATE" : "";
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw Jdbc.translate(e, sql);
        }
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = query(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs an insert, update or delete and returns the number of rows it touched. */
    public int update(String sql, Object... params) {
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.translate(e, sql);
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }
}
