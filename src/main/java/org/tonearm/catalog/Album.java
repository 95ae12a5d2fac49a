package org.tonearm.catalog;

import java.util.List;

/**
 * A catalog album without its tracks. {@code artists} are the album's own artists in credit order;
 * {@code markets} is the expanded list of ISO country codes (empty when unavailable everywhere).
 */
public record Album(
    String id,
    String name,
    String albumType,
    List<ArtistRef> artists,
    List<String> markets,
    String upc,
    String amgid,
    String copyrightC,
    String copyrightP,
    String label,
    int popularity,
    String releaseDate,
    String releaseDatePrecision,
    int totalTracks,
    List<Image> images) {

    /** The release year, or 0 when the date is missing or malformed. */
    public int year() {
        return Dates.year(releaseDate);
    }
}
