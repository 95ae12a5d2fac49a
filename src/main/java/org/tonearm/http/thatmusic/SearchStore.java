package org.tonearm.http.thatmusic;

import java.util.Optional;

/** Where search pages are kept between requests (memory, or a SQLite file that survives restarts). */
interface SearchStore extends AutoCloseable {
    Optional<SearchEntry> get(String hash);

    void put(SearchEntry entry);

    @Override
    default void close() {
    }
}
