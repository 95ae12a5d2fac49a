package org.tonearm.catalog;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.lucene.util.BytesRef;

/**
 * A memory-mapped table from artist id to the artist's most popular tracks ({@link TrackTables#TOP} at most), by
 * popularity, most popular first (ties in record order), as record addresses; written by {@link TrackTables}.
 * Catalogs imported before it existed find top tracks with a search on the tracks' artist ids instead.
 */
final class TopTrackTable implements AutoCloseable {
    static final long MAGIC = 0x31504f54_4d524e54L; // "TNRMTOP1"

    private final AddressLists lists;

    private TopTrackTable(AddressLists lists) {
        this.lists = lists;
    }

    /** The table file of a tracks index folder. */
    static Path file(Path tracksDir) {
        return tracksDir.resolveSibling(tracksDir.getFileName() + ".top");
    }

    /**
     * Opens the table of a tracks index, or returns null when there is none or it was written for another record
     * file or id table.
     */
    static TopTrackTable open(Path tracksDir, RecordFile records, IdTable ids) throws IOException {
        if (records == null || ids == null) {
            return null;
        }
        AddressLists l = AddressLists.open(file(tracksDir), MAGIC,
            (blocks, entries) -> blocks == records.blocks() && entries == ids.entries());
        return l == null ? null : new TopTrackTable(l);
    }

    /**
     * The artist's most popular tracks' record addresses, or an empty array when the catalog has no track of it;
     * {@code ofArtist} tells whether a track is the artist's, asked once per candidate list with its first track.
     */
    long[] tracks(BytesRef artistId, LongPredicate ofArtist) {
        return lists.find(artistId, ofArtist);
    }

    List<MemorySegment> mappings() {
        return lists.mappings();
    }

    @Override
    public void close() {
        lists.close();
    }
}
