package org.tonearm.http.spotify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tonearm.catalog.Album;
import org.tonearm.catalog.Catalog;
import org.tonearm.catalog.CatalogStore;

/**
 * In-process cost of the album route's own work (issue 4): for each album of a paths file written by
 * {@code BenchInputs}, the body written as {@code GET /v1/albums/{id}} writes it (album, first 50 tracks, JSON),
 * without HTTP. Each pass also times the album and its tracks looked up as {@code Track} objects alone, the engine's
 * general API, for comparison; each pass reports microseconds per album, the summary the medians.
 *
 * <p>Arguments: DATA_DIR ALBUM_PATHS_FILE [PASSES]
 */
public final class AlbumJsonBench {
    private AlbumJsonBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        List<String> ids = Files.readAllLines(Path.of(args[1])).stream()
            .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (Catalog c = Catalog.open(new CatalogStore(data.resolve("catalog")).current().orElseThrow())) {
            double[] lookups = new double[passes];
            double[] whole = new double[passes];
            long sink = 0;
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                for (String id : ids) {
                    Album a = c.album(id).orElseThrow();
                    sink += c.albumTracks(a, 0, 50).items().size();
                }
                long t1 = System.nanoTime();
                for (String id : ids) {
                    Album a = c.album(id).orElseThrow();
                    SpotifyJson json = new SpotifyJson("http://127.0.0.1:8080", null);
                    json.album(a, c, 50, json.url("/v1/albums/" + id + "/tracks", java.util.Map.of()));
                    SpotifyJson.Body b = json.finish();
                    sink += b.length();
                    b.release();
                }
                long t2 = System.nanoTime();
                lookups[p] = (t1 - t0) / 1e3 / ids.size();
                whole[p] = (t2 - t1) / 1e3 / ids.size();
                System.out.printf(Locale.ROOT, "pass %d: album and tracks as objects %.1f us, the route's body %.1f us%n", p, lookups[p], whole[p]);
            }
            System.out.printf(Locale.ROOT, "albums=%d as_objects_us=%.1f route_body_us=%.1f (sink %d)%n", ids.size(),
                median(lookups), median(whole), sink);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
