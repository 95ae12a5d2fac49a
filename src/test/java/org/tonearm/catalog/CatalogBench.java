package org.tonearm.catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The catalog benchmark (run by bench/catalog.sh, not by the test suite): for one dump, the time DuckDB alone takes
 * to read and join the tables as the importer asks (the baseline), the full import, in-process lookup latency,
 * index size against parquet size, and heap/RSS while serving. Prints one JSON line of results.
 *
 * <p>Arguments: DUMP_DIR DATA_DIR [skip-import]
 */
public final class CatalogBench {
    private CatalogBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path data = Path.of(args[1]);
        boolean skipImport = args.length > 2 && args[2].startsWith("skip-import");
        CatalogStore store = new CatalogStore(data.resolve("catalog"));
        long tracks;
        double duckSeconds = -1;
        double importSeconds = -1;
        double duckCpu = -1;
        double importCpu = -1;
        String load = loadAverage();
        if (!skipImport) {
            long c0 = ImportProgress.processCpuNanos();
            duckSeconds = duckdbAlone(dump, data);
            long c1 = ImportProgress.processCpuNanos();
            duckCpu = (c1 - c0) / 1e9;
            long t0 = System.nanoTime();
            ImportReport report = new CatalogImporter(CatalogImporter.Options.defaults(), new ImportProgress(null, Duration.ofSeconds(30)))
                .importDump(dump, store, Map.of());
            importSeconds = (System.nanoTime() - t0) / 1e9;
            importCpu = (ImportProgress.processCpuNanos() - c1) / 1e9;
            load = loadAverage();
            System.err.print(report.summary());
        }
        try (Catalog c = Catalog.open(store.current().orElseThrow())) {
            tracks = c.info().tracks();
            List<String> trackIds = sampleIds(dump, "tracks", 20_000);
            List<String> albumIds = sampleIds(dump, "albums", 20_000);
            List<String> artistIds = sampleIds(dump, "artists", 20_000);
            double[] track = latency(trackIds, id -> c.track(id).orElseThrow());
            double[] album = latency(albumIds, id -> {
                c.album(id).orElseThrow();
                c.albumTracks(id, 0, 50).orElseThrow();
            });
            double[] artist = latency(artistIds, id -> c.artist(id).orElseThrow());
            // again after reading the catalog into the page cache and mapping what lookups read, as a server does
            // with catalog.preload, on other ids than above
            CatalogWarmer.warm(store.current().orElseThrow(), () -> false);
            c.mapLookups(() -> false);
            trackIds = sampleIds(dump, "tracks", 20_000, 7);
            albumIds = sampleIds(dump, "albums", 20_000, 7);
            artistIds = sampleIds(dump, "artists", 20_000, 7);
            long faults0 = faults();
            double[] warmTrack = latency(trackIds, id -> c.track(id).orElseThrow());
            double[] warmAlbum = latency(albumIds, id -> {
                c.album(id).orElseThrow();
                c.albumTracks(id, 0, 50).orElseThrow();
            });
            double[] warmArtist = latency(artistIds, id -> c.artist(id).orElseThrow());
            // page faults per lookup in the warm passes: ~0 when what lookups read stayed mapped and in memory
            double warmFaults = (faults() - faults0) / (double) (trackIds.size() + albumIds.size() + artistIds.size()) / 1.25;
            // an artist's top ten, as /v1/artists/{id}/top-tracks asks, without and with a market
            String market = c.markets().contains("US") ? "US" : c.markets().getFirst();
            double[] warmTop = latency(artistIds, id -> c.topTracks(id, null, 10).orElseThrow());
            double[] warmTopMarket = latency(artistIds, id -> c.topTracks(id, market, 10).orElseThrow());
            long indexBytes = size(store.current().orElseThrow());
            long parquetBytes = size(dump);
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapUsed = rt.totalMemory() - rt.freeMemory();
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(java.util.Locale.ROOT,
                "{\"tracks\":%d,\"duckdb_alone_s\":%.1f,\"import_s\":%.1f,\"duckdb_alone_cpu_s\":%.1f,\"import_cpu_s\":%.1f,\"load\":\"%s\","
                    + "\"import_tracks_per_s\":%.0f,\"import_vs_duckdb\":%.2f,"
                    + "\"track_p50_us\":%.1f,\"track_p99_us\":%.1f,\"album_tracks_p50_us\":%.1f,\"album_tracks_p99_us\":%.1f,"
                    + "\"artist_p50_us\":%.1f,\"artist_p99_us\":%.1f,"
                    + "\"warm_track_p50_us\":%.1f,\"warm_track_p99_us\":%.1f,\"warm_album_tracks_p50_us\":%.1f,"
                    + "\"warm_album_tracks_p99_us\":%.1f,\"warm_artist_p50_us\":%.1f,\"warm_artist_p99_us\":%.1f,"
                    + "\"warm_top_tracks_p50_us\":%.1f,\"warm_top_tracks_p99_us\":%.1f,\"warm_top_tracks_market_p50_us\":%.1f,"
                    + "\"warm_top_tracks_market_p99_us\":%.1f,\"index_bytes_per_track\":%.1f,\"parquet_bytes_per_track\":%.1f,"
                    + "\"index_vs_parquet\":%.2f,\"heap_after_gc_mb\":%d,\"peak_heap_mb\":%d,\"max_heap_mb\":%d,\"rss_mb\":%d,\"rss_peak_mb\":%d,\"warm_faults_per_lookup\":%.2f}%n",
                tracks, duckSeconds, importSeconds, duckCpu, importCpu, load, importSeconds > 0 ? tracks / importSeconds : -1,
                duckSeconds > 0 ? importSeconds / duckSeconds : -1, track[0], track[1], album[0], album[1], artist[0], artist[1],
                warmTrack[0], warmTrack[1], warmAlbum[0], warmAlbum[1], warmArtist[0], warmArtist[1],
                warmTop[0], warmTop[1], warmTopMarket[0], warmTopMarket[1],
                indexBytes / (double) tracks, parquetBytes / (double) tracks, indexBytes / (double) parquetBytes,
                heapUsed >> 20, peakHeap >> 20, rt.maxMemory() >> 20, status("VmRSS") >> 10, status("VmHWM") >> 10, warmFaults);
        }
    }

    /** DuckDB alone: the importer's own queries, materialized inside DuckDB with nothing sent to Java. */
    static double duckdbAlone(Path dump, Path data) throws Exception {
        Path tmp = Files.createDirectories(data.resolve("bench.tmp"));
        long t0 = System.nanoTime();
        CatalogImporter.Options o = CatalogImporter.Options.defaults();
        try (DumpReader r = DumpReader.open(dump, tmp, o.duckdbMemoryMb(), o.duckdbThreads());
             Statement s = r.connection().createStatement()) {
            for (String sql : ImportQueries.PREPARE) {
                s.execute(sql);
            }
            for (String q : List.of(ImportQueries.artists(1, 0), ImportQueries.albums(1, 0), ImportQueries.tracks(1, 0),
                ImportQueries.features(1, 0))) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), sum(hash(COLUMNS(*))) FROM (" + q + ")")) {
                    rs.next();
                }
            }
        }
        CatalogStore.deleteTree(tmp);
        return (System.nanoTime() - t0) / 1e9;
    }

    static List<String> sampleIds(Path dump, String table, int n) throws Exception {
        return sampleIds(dump, table, n, 42);
    }

    static List<String> sampleIds(Path dump, String table, int n, int seed) throws Exception {
        Path single = dump.resolve(table + ".parquet");
        String src = Files.exists(single) ? "'" + single + "'" : "'" + dump.resolve(table) + "/*.parquet'";
        List<String> ids = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM read_parquet(" + src + ") USING SAMPLE reservoir(" + n + " ROWS) REPEATABLE (" + seed + ")")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        java.util.Collections.shuffle(ids, new Random(1));
        return ids;
    }

    /** p50 and p99 in microseconds, after a warm-up pass over a quarter of the ids. */
    static double[] latency(List<String> ids, Consumer<String> op) {
        for (String id : ids.subList(0, ids.size() / 4)) {
            op.accept(id);
        }
        long[] ns = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long t0 = System.nanoTime();
            op.accept(ids.get(i));
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return new double[] {ns[ns.length / 2] / 1e3, ns[(int) (ns.length * 0.99)] / 1e3};
    }

    /** Bytes of the files under a folder, following links (a dump kept elsewhere and linked in counts). */
    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Minor and major page faults of this process so far. */
    private static long faults() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]) + Long.parseLong(f[9]);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
