package org.tonearm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * An album's tracks in disc and track order ({@link Catalog#albumTracks}): the album's postings walked directly (an
 * album has a few dozen tracks, so a searcher, weight and sorting collector per segment cost more than the work),
 * the album the caller already has reused rather than looked up again, and stored data read in index order.
 */
final class AlbumTracks {
    private final Catalog catalog;
    private final Catalog.Index tracks;
    private final List<LeafReaderContext> leaves;
    private final ThreadLocal<Lookup> lookups;

    AlbumTracks(Catalog catalog, Catalog.Index tracks) {
        this.catalog = catalog;
        this.tracks = tracks;
        this.leaves = tracks.reader.leaves();
        this.lookups = ThreadLocal.withInitial(Lookup::new);
    }

    /** Per-thread lookup state: terms enums are not thread-safe. */
    private final class Lookup {
        final TermsEnum[] terms = new TermsEnum[leaves.size()];
        PostingsEnum postings;

        Lookup() {
            try {
                for (int i = 0; i < leaves.size(); i++) {
                    Terms t = leaves.get(i).reader().terms(Fields.ALBUM);
                    terms[i] = t == null ? null : t.iterator();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Tracks offset..offset+limit of {@code album} by disc and track number, with the exact total. */
    Page<Track> page(Album album, int offset, int limit) {
        Lookup l = lookups.get();
        BytesRef term = new BytesRef(album.id());
        long[] positions = new long[16];
        int[] docs = new int[16];
        int n = 0;
        try {
            for (int i = 0; i < leaves.size(); i++) {
                TermsEnum te = l.terms[i];
                if (te == null || !te.seekExact(term)) {
                    continue;
                }
                LeafReaderContext leaf = leaves.get(i);
                Bits live = leaf.reader().getLiveDocs();
                NumericDocValues pos = leaf.reader().getNumericDocValues(Fields.POSITION);
                l.postings = te.postings(l.postings, PostingsEnum.NONE);
                for (int doc = l.postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = l.postings.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    if (n == docs.length) {
                        positions = Arrays.copyOf(positions, n * 2);
                        docs = Arrays.copyOf(docs, n * 2);
                    }
                    positions[n] = pos != null && pos.advanceExact(doc) ? pos.longValue() : 0;
                    docs[n++] = leaf.docBase + doc;
                }
            }
            // Lucene's order for Sort(POSITION): by position (0 when missing), ties in index order
            long[] p = positions;
            int[] d = docs;
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> p[a] != p[b] ? Long.compare(p[a], p[b]) : Integer.compare(d[a], d[b]));
            int from = Math.min(offset, n);
            int to = (int) Math.min(n, (long) offset + limit);
            // index order: the stored-fields reader keeps the current block, and an album's tracks sit in a few
            // runs of neighbouring documents
            int[] page = new int[to - from];
            for (int k = from; k < to; k++) {
                page[k - from] = d[order[k]];
            }
            Arrays.sort(page);
            Map<Integer, byte[]> data = new HashMap<>();
            for (int doc : page) {
                data.put(doc, tracks.data(doc));
            }
            Map<String, Album> albums = new HashMap<>();
            albums.put(album.id(), album);
            List<Track> items = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                items.add(catalog.decodeTrack(data.get(d[order[k]]), albums));
            }
            return new Page<>(items, n, offset, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
