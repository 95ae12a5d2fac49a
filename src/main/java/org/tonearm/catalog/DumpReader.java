package org.tonearm.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Opens a dump folder with DuckDB in-process: finds each table's parquet files ({@code TABLE.parquet} or
 * {@code TABLE/*.parquet}), checks every file's columns and types, and exposes each table as a view {@code t_TABLE}.
 * {@code t_track_artists} also carries {@code f, r} (file index and row number) because row order is the
 * artists' order on a track.
 */
final class DumpReader implements AutoCloseable {
    private final Connection conn;
    private final Map<String, List<Path>> files = new LinkedHashMap<>();

    private DumpReader(Connection conn) {
        this.conn = conn;
    }

    /**
     * @param dumpDir       the dump folder
     * @param tempDir       where DuckDB may spill (inside the new catalog folder, removed with it)
     * @param memoryLimitMb DuckDB's memory limit
     */
    static DumpReader open(Path dumpDir, Path tempDir, long memoryLimitMb, int threads) {
        if (!Files.isDirectory(dumpDir)) {
            throw new DumpException("dump folder " + dumpDir + " does not exist or is not a folder");
        }
        Connection conn;
        try {
            Properties p = new Properties();
            p.setProperty("jdbc_stream_results", "true");
            conn = DriverManager.getConnection("jdbc:duckdb:", p);
            try (Statement s = conn.createStatement()) {
                s.execute("SET memory_limit='" + memoryLimitMb + "MB'");
                s.execute("SET threads=" + threads);
                s.execute("SET temp_directory='" + sqlString(tempDir.toString()) + "'");
                s.execute("SET preserve_insertion_order=false");
                s.execute("SET enable_progress_bar=false");
            }
        } catch (SQLException e) {
            throw new DumpException("cannot start DuckDB: " + e.getMessage(), e);
        }
        DumpReader r = new DumpReader(conn);
        try {
            r.discover(dumpDir);
            r.createViews();
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    Connection connection() {
        return conn;
    }

    /** Another connection to the same in-memory database, for a reader thread of its own. */
    Connection newConnection() throws SQLException {
        return ((org.duckdb.DuckDBConnection) conn).duplicate();
    }

    private void discover(Path dumpDir) {
        for (var table : DumpSchema.TABLES.entrySet()) {
            String name = table.getKey();
            Path single = dumpDir.resolve(name + ".parquet");
            Path folder = dumpDir.resolve(name);
            List<Path> found;
            if (Files.isRegularFile(single)) {
                found = List.of(single);
            } else if (Files.isDirectory(folder)) {
                try (Stream<Path> s = Files.list(folder)) {
                    found = s.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                        .sorted(NATURAL).toList();
                } catch (IOException e) {
                    throw new DumpException("table " + name + ": cannot list " + folder + ": " + e.getMessage(), e);
                }
                if (found.isEmpty()) {
                    throw new DumpException("table " + name + ": folder " + folder + " holds no .parquet files");
                }
            } else {
                throw new DumpException("table " + name + " is missing: expected " + single + " or a folder "
                    + folder + " of .parquet files");
            }
            for (Path f : found) {
                checkColumns(name, f, table.getValue());
            }
            files.put(name, found);
        }
    }

    /** Natural order, so part-2 sorts before part-10 (row order across files is artist order on a track). */
    private static final Comparator<Path> NATURAL = Comparator
        .comparing((Path p) -> p.getFileName().toString().replaceAll("\\d+", "")) 
        .thenComparingLong(p -> {
            String digits = p.getFileName().toString().replaceAll("\\D+", "");
            return digits.isEmpty() || digits.length() > 18 ? 0 : Long.parseLong(digits);
        })
        .thenComparing(Path::toString);

    private void checkColumns(String table, Path file, Map<String, DumpSchema.Kind> expected) {
        Map<String, String> actual = new LinkedHashMap<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + sqlString(file.toString()) + "')")) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new DumpException("table " + table + ", file " + file + ": not a readable parquet file ("
                + firstLine(e.getMessage()) + ")", e);
        }
        for (var col : expected.entrySet()) {
            String type = actual.get(col.getKey());
            if (type == null) {
                throw new DumpException("table " + table + ", file " + file + ": column '" + col.getKey()
                    + "' is missing (expected " + col.getValue().expected() + "; the file has " + actual.keySet() + ")");
            }
            if (!col.getValue().accepts(type)) {
                throw new DumpException("table " + table + ", file " + file + ": column '" + col.getKey() + "' is "
                    + type + ", expected " + col.getValue().expected());
            }
        }
    }

    private void createViews() {
        try (Statement s = conn.createStatement()) {
            for (var e : files.entrySet()) {
                String table = e.getKey();
                List<Path> fs = e.getValue();
                String sql;
                if (table.equals("track_artists")) {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < fs.size(); i++) {
                        parts.add("SELECT " + i + " AS f, file_row_number AS r, track_rowid, artist_rowid FROM read_parquet('"
                            + sqlString(fs.get(i).toString()) + "', file_row_number=true)");
                    }
                    sql = String.join(" UNION ALL ", parts);
                } else {
                    sql = "SELECT * FROM read_parquet(" + list(fs) + ")";
                }
                s.execute("CREATE VIEW t_" + table + " AS " + sql);
            }
        } catch (SQLException e) {
            throw new DumpException("cannot open the dump's tables: " + firstLine(e.getMessage()), e);
        }
    }

    /** Row count of a table, read from the parquet footers. */
    long count(String table) {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t_" + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DumpException("table " + table + ": cannot count rows: " + firstLine(e.getMessage()), e);
        }
    }

    private static String list(List<Path> fs) {
        StringBuilder b = new StringBuilder("[");
        for (Path p : fs) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('\'').append(sqlString(p.toString())).append('\'');
        }
        return b.append(']').toString();
    }

    static String sqlString(String s) {
        return s.replace("'", "''");
    }

    static String firstLine(String msg) {
        if (msg == null) {
            return "unknown error";
        }
        int nl = msg.indexOf('\n');
        return (nl < 0 ? msg : msg.substring(0, nl)).trim();
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing an in-memory database cannot lose anything
        }
    }
}
