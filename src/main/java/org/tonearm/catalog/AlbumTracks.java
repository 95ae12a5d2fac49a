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
 * An album's tracks in disc and track order ({@link Catalog#albumTracks}): from the {@link AlbumTrackTable} written
 * at import, or, for a catalog without one, from the album's postings walked directly (an album has a few dozen
 * tracks, so a searcher, weight and sorting collector per segment cost more than the work); the album the caller
 * already has reused rather than looked up again, and stored data read in index order.
 */
final class AlbumTracks {
    private final Catalog catalog;
    private final Catalog.Index tracks;
    private final List<LeafReaderContext> leaves;
    private final ThreadLocal<Lookup> lookups;
    private final AlbumTrackTable table;

    /**
     * @param table the album track table, or null for a catalog written without one (tracks are then found from
     *              the album terms of every segment)
     */
    AlbumTracks(Catalog catalog, Catalog.Index tracks, AlbumTrackTable table) {
        this.catalog = catalog;
        this.tracks = tracks;
        this.table = table;
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
        Map<String, Album> albums = new HashMap<>();
        albums.put(album.id(), album);
        Records r = records(album, offset, limit);
        List<Track> items = new ArrayList<>(r.size());
        for (int k = 0; k < r.size(); k++) {
            items.add(catalog.decodeTrack(r.get(k), albums));
        }
        return new Page<>(items, r.total, offset, limit);
    }

    /** The same tracks read in place, one after another into {@code each}; returns the album's track count. */
    <E extends Exception> long page(Album album, int offset, int limit, TrackRecord.Sink<E> each) throws E {
        Records r = records(album, offset, limit);
        TrackRecord record = catalog.trackRecord();
        for (int k = 0; k < r.size(); k++) {
            each.accept(record.read(r.get(k)));
        }
        return r.total;
    }

    /**
     * A page's stored records, read in file order (by record address, or by document for older catalogs) and
     * handed out in the album's order.
     */
    private record Records(long[] ordered, int from, int to, long[] sorted, byte[][] data, long total) {
        int size() {
            return to - from;
        }

        byte[] get(int k) {
            return data[Arrays.binarySearch(sorted, ordered[from + k])];
        }
    }

    private Records records(Album album, int offset, int limit) {
        BytesRef term = new BytesRef(album.id());
        boolean byAddress = table != null && table.holdsAddresses();
        try {
            // the table path confirms its list by reading the first track, which the page then reuses
            long[] confirmed = {-1};
            byte[][] confirmedData = new byte[1][];
            long[] ordered = table == null ? fromTerms(term) : table.tracks(term, track -> {
                byte[] b = byAddress ? tracks.record(track) : stored((int) track);
                if (b == null || !album.id().equals(EntityCodec.trackAlbumId(b))) {
                    return false;
                }
                confirmed[0] = track;
                confirmedData[0] = b;
                return true;
            });
            int n = ordered.length;
            int from = Math.min(offset, n);
            int to = (int) Math.min(n, (long) offset + limit);
            // file order: the record reader keeps the block it decoded last, and an album's tracks sit in one or
            // two blocks
            long[] page = Arrays.copyOfRange(ordered, from, to);
            Arrays.sort(page);
            byte[][] data = new byte[page.length][];
            for (int i = 0; i < page.length; i++) {
                data[i] = page[i] == confirmed[0] ? confirmedData[0]
                    : byAddress ? tracks.record(page[i]) : tracks.data((int) page[i]);
            }
            return new Records(ordered, from, to, page, data, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] stored(int doc) {
        try {
            return tracks.data(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The album's live tracks from its postings in every segment, in Lucene's order for Sort(POSITION). */
    private long[] fromTerms(BytesRef term) throws IOException {
        Lookup l = lookups.get();
        long[] positions = new long[16];
        int[] docs = new int[16];
        int n = 0;
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
        AlbumTrackTable.sortByPosition(positions, docs, new long[n], n);
        return Arrays.stream(docs, 0, n).asLongStream().toArray();
    }
}
