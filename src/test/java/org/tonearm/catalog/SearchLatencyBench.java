package org.tonearm.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * In-process search latency (run by bench/search-latency.sh, not by the test suite): the HTTP benchmark's search
 * requests run straight through {@link CatalogSearch}, several rounds, with p50/p99/max and the slowest queries, to
 * tell the engine's share of a search's time from the HTTP stack's; then broad one-word searches (p50 and max).
 *
 * <p>Arguments: DATA_DIR SEARCHES_FILE [ROUNDS]
 */
public final class SearchLatencyBench {
    /** Words the synthetic generator uses most, each alone a broad search. */
    private static final List<String> BROAD = List.of("love", "night", "heart", "dance", "fire", "blue", "dream", "light",
        "gold", "home", "time", "moon", "кино", "東京", "über", "café");

    private SearchLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String q = line.substring(line.indexOf("q=") + 2);
            queries.add(URLDecoder.decode(q, StandardCharsets.UTF_8));
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (Catalog c = Catalog.open(new CatalogStore(data.resolve("catalog")).current().orElseThrow())) {
            CatalogSearch search = new CatalogSearch(c);
            long[] ns = new long[queries.size()];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < queries.size(); i++) {
                    long t0 = System.nanoTime();
                    SearchResults r = search.search(SearchQuery.parse(queries.get(i)), EnumSet.of(SearchQuery.Type.TRACK), 0, 20);
                    ns[i] = System.nanoTime() - t0;
                    if (r.tracks() == null) {
                        throw new IllegalStateException("no track page");
                    }
                }
            }
            Integer[] order = new Integer[ns.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Long.compare(ns[b], ns[a]));
            for (int k = 0; k < Math.min(15, order.length); k++) {
                System.err.printf(Locale.ROOT, "  %.2f ms  %s%n", ns[order[k]] / 1e6, queries.get(order[k]));
            }
            long[] sorted = ns.clone();
            Arrays.sort(sorted);
            // broad searches: one common word, no filter (hundreds of thousands of matches on 10M tracks)
            long[] broad = new long[BROAD.size() * rounds];
            for (int i = 0; i < broad.length; i++) {
                long t0 = System.nanoTime();
                search.search(SearchQuery.parse(BROAD.get(i % BROAD.size())), EnumSet.of(SearchQuery.Type.TRACK), 0, 20);
                broad[i] = System.nanoTime() - t0;
            }
            Arrays.sort(broad);
            System.out.printf(Locale.ROOT, "{\"queries\":%d,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,"
                    + "\"broad_p50_ms\":%.2f,\"broad_max_ms\":%.2f}%n", sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, broad[broad.length / 2] / 1e6, broad[broad.length - 1] / 1e6);
        }
    }
}
