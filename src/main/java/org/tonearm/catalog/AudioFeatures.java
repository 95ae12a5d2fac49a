package org.tonearm.catalog;

/** Spotify's audio features of one track, parsed from the dump's text columns. */
public record AudioFeatures(
    String trackId,
    double acousticness,
    double danceability,
    long durationMs,
    double energy,
    double instrumentalness,
    int key,
    double liveness,
    double loudness,
    int mode,
    double speechiness,
    double tempo,
    int timeSignature,
    double valence) {
}
