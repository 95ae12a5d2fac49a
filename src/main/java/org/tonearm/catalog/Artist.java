package org.tonearm.catalog;

import java.util.List;

/** A catalog artist; images are largest first, genres sorted. */
public record Artist(String id, String name, long followers, int popularity, List<String> genres, List<Image> images) {
}
