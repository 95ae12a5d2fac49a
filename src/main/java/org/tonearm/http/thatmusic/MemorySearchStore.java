package org.tonearm.http.thatmusic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Search pages in memory, the most recent {@code capacity} of them (expired ones stay to re-run their query). */
final class MemorySearchStore implements SearchStore {
    private final Map<String, SearchEntry> entries;

    MemorySearchStore(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SearchEntry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<SearchEntry> get(String hash) {
        return Optional.ofNullable(entries.get(hash));
    }

    @Override
    public synchronized void put(SearchEntry entry) {
        entries.put(entry.hash(), entry);
    }
}
