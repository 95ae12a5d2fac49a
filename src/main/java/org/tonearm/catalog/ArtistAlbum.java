package org.tonearm.catalog;

/** An album in an artist's discography, with how it relates to that artist. */
public record ArtistAlbum(Album album, AlbumGroup group) {
}
