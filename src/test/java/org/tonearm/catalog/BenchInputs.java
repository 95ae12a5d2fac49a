package org.tonearm.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes request paths for the HTTP load benchmark (bench/spotify-http.sh): random track and album lookups, and
 * two-word searches with one filter built from real catalog tracks.
 *
 * <p>Arguments: DUMP_DIR DATA_DIR OUT_DIR
 */
public final class BenchInputs {
    private BenchInputs() {
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[2]));
        List<String> tracks = CatalogBench.sampleIds(dump, "tracks", 5000);
        List<String> albums = CatalogBench.sampleIds(dump, "albums", 5000);
        Files.write(out.resolve("tracks.txt"), tracks.stream().map(id -> "/v1/tracks/" + id).toList());
        Files.write(out.resolve("albums.txt"), albums.stream().map(id -> "/v1/albums/" + id).toList());
        List<String> searches = new ArrayList<>();
        try (Catalog c = Catalog.open(new CatalogStore(Path.of(args[1]).resolve("catalog")).current().orElseThrow())) {
            for (String id : tracks.subList(0, 2000)) {
                Track t = c.track(id).orElseThrow();
                String[] title = t.name().split("\\s+");
                String[] artist = t.artists().isEmpty() ? new String[] {""} : t.artists().getFirst().name().split("\\s+");
                int year = t.album() == null ? 0 : t.album().year();
                String q = (title[0] + " " + artist[0]).toLowerCase(Locale.ROOT)
                    + (year > 0 ? " year:" + (year - 5) + "-" + (year + 5) : " year:1950-2030");
                searches.add("/v1/search?type=track&limit=20&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            }
        }
        Files.write(out.resolve("searches.txt"), searches);
    }
}
