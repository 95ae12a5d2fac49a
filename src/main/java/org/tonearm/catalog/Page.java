package org.tonearm.catalog;

import java.util.List;

/** One page of a longer list: the items from {@code offset}, at most {@code limit} of them, out of {@code total}. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
}
