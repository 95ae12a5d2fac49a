package org.tonearm.catalog;

/** A cover or artist picture, as the dump lists it. */
public record Image(String url, int width, int height) {
}
