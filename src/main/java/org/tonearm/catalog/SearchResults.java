package org.tonearm.catalog;

/** One page of each type a search asked for; a type not asked for is null. */
public record SearchResults(Page<Track> tracks, Page<Album> albums, Page<Artist> artists) {
}
