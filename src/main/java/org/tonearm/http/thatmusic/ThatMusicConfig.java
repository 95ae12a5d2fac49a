package org.tonearm.http.thatmusic;

import java.time.Duration;

/**
 * Settings of the thatmusic face.
 *
 * @param searchTtl  how long search results (and so VK's links) are trusted
 * @param publicUrl  base of the absolute download/stream links, or null to take it from the request's Host
 */
public record ThatMusicConfig(Duration searchTtl, String publicUrl) {
    public ThatMusicConfig {
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
    }
}
