package org.tonearm.catalog;

/** What a catalog holds: document counts and where it came from. */
public record CatalogInfo(long tracks, long albums, long artists, long audioFeatures, String createdAt, boolean demo) {
}
