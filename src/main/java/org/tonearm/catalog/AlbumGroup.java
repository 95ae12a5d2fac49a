package org.tonearm.catalog;

import java.util.Locale;

/** How an album relates to an artist, as Spotify's {@code include_groups} names it. */
public enum AlbumGroup {
    ALBUM, SINGLE, COMPILATION, APPEARS_ON;

    /** The wire name: {@code album}, {@code single}, {@code compilation}, {@code appears_on}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, or returns null when it is none of the four. */
    public static AlbumGroup parse(String s) {
        for (AlbumGroup g : values()) {
            if (g.wire().equals(s)) {
                return g;
            }
        }
        return null;
    }
}
