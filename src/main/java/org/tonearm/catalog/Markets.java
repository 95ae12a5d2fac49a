package org.tonearm.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The dump's few distinct market lists, shared by every track and album that points at them, so expanding a
 * track's markets allocates nothing.
 */
final class Markets {
    static final String FILE = "markets.tsv";

    private final Map<Long, List<String>> byRowid;
    private final List<String> all;

    Markets(Map<Long, List<String>> byRowid) {
        this.byRowid = Map.copyOf(byRowid);
        TreeSet<String> codes = new TreeSet<>();
        byRowid.values().forEach(codes::addAll);
        this.all = List.copyOf(codes);
    }

    /** Parses the dump's value: comma-separated ISO codes, or {@code unavailable}. */
    static List<String> parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("unavailable")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            String c = s.trim();
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    boolean has(long rowid) {
        return byRowid.containsKey(rowid);
    }

    List<String> get(long rowid) {
        return byRowid.getOrDefault(rowid, List.of());
    }

    /** Every market code any track or album is available in, sorted. */
    List<String> all() {
        return all;
    }

    void write(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        byRowid.forEach((k, v) -> b.append(k).append('\t').append(String.join(",", v)).append('\n'));
        Files.writeString(dir.resolve(FILE), b.toString(), StandardCharsets.UTF_8);
    }

    static Markets read(Path dir) throws IOException {
        Map<Long, List<String>> m = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                m.put(Long.parseLong(line.substring(0, tab)), parse(line.substring(tab + 1)));
            }
        }
        return new Markets(m);
    }
}
