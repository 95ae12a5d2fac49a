package org.tonearm.catalog;

import java.util.Arrays;
import java.util.List;

/**
 * A stored track read in place ({@link Catalog#albumTracks(Album, int, int, Sink)}): its text fields are slices of
 * UTF-8 bytes, for a writer that copies them into a response as they are. An album page read as {@link Track}s
 * builds some 50 Strings, lists and records per track only to encode them back into bytes; this builds none.
 *
 * <p>One record is reused for every track of a call: its values are valid only during {@link Sink#accept}. A text
 * field's length is -1 where the track has no value.
 */
public final class TrackRecord {
    /** Receives each track of a page in turn. */
    @FunctionalInterface
    public interface Sink<E extends Exception> {
        void accept(TrackRecord track) throws E;
    }

    private static final byte[] PREVIEW_PREFIX = EntityCodec.PREVIEW_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CID = EntityCodec.CID.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Markets allMarkets;
    private byte[] bytes;
    private int idStart;
    private int idLength;
    private int nameStart;
    private int nameLength;
    private int albumIdStart;
    private int albumIdLength;
    private int isrcStart;
    private int isrcLength;
    /** Per artist: id start, id length, name start, name length. */
    private int[] artists = new int[16];
    private int artistCount;
    private List<String> markets;
    private int popularity;
    private int discNumber;
    private int trackNumber;
    private long durationMs;
    private boolean explicit;
    private byte[] previewBytes;
    private int previewStart;
    private int previewLength;
    /** The URL of a preview stored packed (prefix and hex digits as bytes), written out again. */
    private final byte[] packedPreview = new byte[PREVIEW_PREFIX.length + 40 + CID.length + 32];

    TrackRecord(Markets allMarkets) {
        this.allMarkets = allMarkets;
        System.arraycopy(PREVIEW_PREFIX, 0, packedPreview, 0, PREVIEW_PREFIX.length);
        System.arraycopy(CID, 0, packedPreview, PREVIEW_PREFIX.length + 40, CID.length);
    }

    /** Reads a record written by {@link EntityCodec#track(Codec.Writer, Track, String, long)}. */
    TrackRecord read(byte[] b) {
        return read(b, 0);
    }

    /** Reads such a record starting at {@code offset} of {@code b} (a record inside a decoded block). */
    TrackRecord read(byte[] b, int offset) {
        bytes = b;
        Codec.Reader r = new Codec.Reader(b, offset);
        idLength = r.strLength();
        idStart = r.pos();
        r.skip(Math.max(0, idLength));
        nameLength = r.strLength();
        nameStart = r.pos();
        r.skip(Math.max(0, nameLength));
        albumIdLength = r.strLength();
        albumIdStart = r.pos();
        r.skip(Math.max(0, albumIdLength));
        artistCount = r.vint();
        if (artists.length < artistCount * 4) {
            artists = Arrays.copyOf(artists, artistCount * 4);
        }
        for (int i = 0; i < artistCount; i++) {
            int n = r.strLength();
            artists[4 * i] = r.pos();
            artists[4 * i + 1] = n;
            r.skip(Math.max(0, n));
            n = r.strLength();
            artists[4 * i + 2] = r.pos();
            artists[4 * i + 3] = n;
            r.skip(Math.max(0, n));
        }
        markets = allMarkets.get(r.vlong());
        isrcLength = r.strLength();
        isrcStart = r.pos();
        r.skip(Math.max(0, isrcLength));
        popularity = r.vint();
        discNumber = r.vint();
        trackNumber = r.vint();
        durationMs = r.vlong();
        explicit = r.bool();
        if (r.vint() == 0) {
            previewBytes = b;
            previewLength = r.strLength();
            previewStart = r.pos();
        } else {
            int at = PREVIEW_PREFIX.length;
            at = unhex(r, at, 20) + CID.length;
            unhex(r, at, 16);
            previewBytes = packedPreview;
            previewStart = 0;
            previewLength = packedPreview.length;
        }
        return this;
    }

    private int unhex(Codec.Reader r, int at, int n) {
        for (int i = 0; i < n; i++) {
            int v = r.raw() & 0xFF;
            packedPreview[at++] = HEX[v >> 4];
            packedPreview[at++] = HEX[v & 15];
        }
        return at;
    }

    /** The record's bytes, which every text field's start and length point into (but the preview URL's). */
    public byte[] bytes() {
        return bytes;
    }

    public int idStart() {
        return idStart;
    }

    public int idLength() {
        return idLength;
    }

    public int nameStart() {
        return nameStart;
    }

    public int nameLength() {
        return nameLength;
    }

    public int albumIdStart() {
        return albumIdStart;
    }

    public int albumIdLength() {
        return albumIdLength;
    }

    public int isrcStart() {
        return isrcStart;
    }

    public int isrcLength() {
        return isrcLength;
    }

    /** The number of the track's artists, in their credited order. */
    public int artistCount() {
        return artistCount;
    }

    public int artistIdStart(int i) {
        return artists[4 * i];
    }

    public int artistIdLength(int i) {
        return artists[4 * i + 1];
    }

    public int artistNameStart(int i) {
        return artists[4 * i + 2];
    }

    public int artistNameLength(int i) {
        return artists[4 * i + 3];
    }

    public List<String> markets() {
        return markets;
    }

    public int popularity() {
        return popularity;
    }

    public int discNumber() {
        return discNumber;
    }

    public int trackNumber() {
        return trackNumber;
    }

    public long durationMs() {
        return durationMs;
    }

    public boolean explicit() {
        return explicit;
    }

    /** The bytes the preview URL's start and length point into: the record's, or a buffer of this record's. */
    public byte[] previewBytes() {
        return previewBytes;
    }

    public int previewStart() {
        return previewStart;
    }

    public int previewLength() {
        return previewLength;
    }
}
