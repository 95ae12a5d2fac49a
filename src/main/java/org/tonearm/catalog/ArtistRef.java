package org.tonearm.catalog;

/** An artist as named on a track or album: enough for Spotify's simplified artist object. */
public record ArtistRef(String id, String name) {
}
