package org.tonearm.catalog;

import java.util.List;

/**
 * A catalog track with its album. {@code album} is null only for a track whose album row is absent from
 * the dump (a dangling reference the importer kept and reported).
 */
public record Track(
    String id,
    String name,
    Album album,
    List<ArtistRef> artists,
    List<String> markets,
    String isrc,
    int popularity,
    int discNumber,
    int trackNumber,
    long durationMs,
    boolean explicit,
    String previewUrl) {
}
