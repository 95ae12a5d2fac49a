package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped table from album id to the album's tracks, already in disc and track order, written once after
 * an import by {@link TrackTables} from the tracks' records. Reading an album's tracks then costs one slot and one
 * short list instead of a seek into the album terms of every segment (a dozen or more, most of them misses) and a
 * sort. An {@link AddressLists} table of record addresses ({@code TNRMALB3}, named for the record file and id table);
 * catalogs of format 3 have the same lists named for the Lucene index ({@code TNRMALB2}), and catalogs written
 * before record files a table of document numbers ({@code TNRMALB1}: a 4-byte count and 4-byte documents per
 * list); both are still read.
 */
final class AlbumTrackTable implements AutoCloseable {
    static final long MAGIC_DOCS = 0x31424c41_4d524e54L; // "TNRMALB1"
    private static final long MAGIC_INDEX = 0x32424c41_4d524e54L; // "TNRMALB2"
    static final long MAGIC = 0x33424c41_4d524e54L; // "TNRMALB3"

    private final AddressLists lists;

    private AlbumTrackTable(AddressLists lists) {
        this.lists = lists;
    }

    /** Whether the lists hold record addresses (else document numbers). */
    boolean holdsAddresses() {
        return !lists.holdsDocuments();
    }

    /** The slots' and lists' mappings (for {@link TableFile#touch}). */
    List<MemorySegment> mappings() {
        return lists.mappings();
    }

    /** The table file of a tracks index folder. */
    static Path file(Path tracksDir) {
        return tracksDir.resolveSibling(tracksDir.getFileName() + ".albums");
    }

    /**
     * Opens the table of a tracks index, or returns null when there is none (catalogs imported before it existed)
     * or it was written for other records or documents; album tracks are then read from the album terms.
     */
    static AlbumTrackTable open(Path tracksDir, DirectoryReader reader, RecordFile records, IdTable ids) throws IOException {
        Path f = file(tracksDir);
        if (records != null && ids != null) {
            AddressLists l = AddressLists.open(f, MAGIC,
                (blocks, entries) -> blocks == records.blocks() && entries == ids.entries());
            if (l != null) {
                return new AlbumTrackTable(l);
            }
        }
        if (reader == null) {
            return null;
        }
        AddressLists l = AddressLists.open(f, MAGIC_INDEX,
            (maxDoc, numDocs) -> maxDoc == reader.maxDoc() && numDocs == reader.numDocs());
        if (l == null) {
            l = AddressLists.openInts(f, MAGIC_DOCS, reader);
        }
        return l == null ? null : new AlbumTrackTable(l);
    }

    /**
     * The album's tracks in disc and track order, as record addresses or document numbers (see
     * {@link #holdsAddresses}), or an empty array when the catalog has no track of it. {@code ofAlbum} tells
     * whether a track is of this album; it is asked once per candidate list, with the list's first track.
     */
    long[] tracks(BytesRef albumId, LongPredicate ofAlbum) {
        return lists.find(albumId, ofAlbum);
    }

    /**
     * Orders the first n (position, document) pairs by position, then document: Lucene's order for a sort on the
     * position field, which leaves ties in index order.
     */
    static void sortByPosition(long[] pos, int[] docs, long[] keys, int n) {
        boolean packable = true;
        for (int k = 0; k < n; k++) {
            packable &= pos[k] >= 0 && pos[k] <= Integer.MAX_VALUE;
        }
        if (packable) {
            for (int k = 0; k < n; k++) {
                keys[k] = pos[k] << 32 | docs[k];
            }
            Arrays.sort(keys, 0, n);
            for (int k = 0; k < n; k++) {
                pos[k] = keys[k] >>> 32;
                docs[k] = (int) keys[k];
            }
            return;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, k -> k);
        long[] p = pos;
        int[] d = docs;
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Long.compare(p[a], p[b]) : Integer.compare(d[a], d[b]));
        long[] p2 = new long[n];
        int[] d2 = new int[n];
        for (int k = 0; k < n; k++) {
            p2[k] = p[order[k]];
            d2[k] = d[order[k]];
        }
        System.arraycopy(p2, 0, pos, 0, n);
        System.arraycopy(d2, 0, docs, 0, n);
    }

    @Override
    public void close() {
        lists.close();
    }
}
