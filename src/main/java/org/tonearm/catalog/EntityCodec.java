package org.tonearm.catalog;

import java.util.ArrayList;
import java.util.List;

/** Encodes catalog entities into the index's stored bytes and decodes them back, field for field. */
final class EntityCodec {
    private EntityCodec() {
    }

    /** A track as stored: its album is a separate document, found by id. */
    record StoredTrack(Track track, String albumId) {
    }

    static void artists(Codec.Writer w, List<ArtistRef> artists) {
        w.vint(artists.size());
        for (ArtistRef a : artists) {
            w.str(a.id());
            w.str(a.name());
        }
    }

    private static List<ArtistRef> artists(Codec.Reader r) {
        int n = r.vint();
        List<ArtistRef> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArtistRef(r.str(), r.str()));
        }
        return List.copyOf(out);
    }

    static void images(Codec.Writer w, List<Image> images) {
        w.vint(images.size());
        for (Image im : images) {
            w.str(im.url());
            w.vint(im.width());
            w.vint(im.height());
        }
    }

    private static List<Image> images(Codec.Reader r) {
        int n = r.vint();
        List<Image> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Image(r.str(), r.vint(), r.vint()));
        }
        return List.copyOf(out);
    }

    private static void strings(Codec.Writer w, List<String> list) {
        w.vint(list.size());
        for (String s : list) {
            w.str(s);
        }
    }

    private static List<String> strings(Codec.Reader r) {
        int n = r.vint();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.str());
        }
        return List.copyOf(out);
    }

    static byte[] artist(Codec.Writer w, Artist a) {
        w.reset();
        w.str(a.id());
        w.str(a.name());
        w.vlong(a.followers());
        w.vint(a.popularity());
        strings(w, a.genres());
        images(w, a.images());
        return w.bytes();
    }

    static Artist artist(byte[] b) {
        Codec.Reader r = new Codec.Reader(b, 0);
        return new Artist(r.str(), r.str(), r.vlong(), r.vint(), strings(r), images(r));
    }

    /** Album fields with the markets list replaced by its rowid. */
    static byte[] album(Codec.Writer w, Album a, long marketsRowid) {
        w.reset();
        w.str(a.id());
        w.str(a.name());
        w.str(a.albumType());
        artists(w, a.artists());
        w.vlong(marketsRowid);
        w.str(a.upc());
        w.str(a.amgid());
        w.str(a.copyrightC());
        w.str(a.copyrightP());
        w.str(a.label());
        w.vint(a.popularity());
        w.str(a.releaseDate());
        w.str(a.releaseDatePrecision());
        w.vint(a.totalTracks());
        images(w, a.images());
        return w.bytes();
    }

    static Album album(byte[] b, Markets markets) {
        Codec.Reader r = new Codec.Reader(b, 0);
        String id = r.str();
        String name = r.str();
        String type = r.str();
        List<ArtistRef> artists = artists(r);
        List<String> mk = markets.get(r.vlong());
        return new Album(id, name, type, artists, mk, r.str(), r.str(), r.str(), r.str(), r.str(), r.vint(), r.str(),
            r.str(), r.vint(), images(r));
    }

    /** A track's record; {@link TrackRecord#read} reads the same layout in place. */
    static byte[] track(Codec.Writer w, Track t, String albumId, long marketsRowid) {
        w.reset();
        w.str(t.id());
        w.str(t.name());
        w.str(albumId);
        artists(w, t.artists());
        w.vlong(marketsRowid);
        w.str(t.isrc());
        w.vint(t.popularity());
        w.vint(t.discNumber());
        w.vint(t.trackNumber());
        w.vlong(t.durationMs());
        w.bool(t.explicit());
        preview(w, t.previewUrl());
        return w.bytes();
    }

    static StoredTrack track(byte[] b, Markets markets) {
        Codec.Reader r = new Codec.Reader(b, 0);
        String id = r.str();
        String name = r.str();
        String albumId = r.str();
        List<ArtistRef> artists = artists(r);
        List<String> mk = markets.get(r.vlong());
        Track t = new Track(id, name, null, artists, mk, r.str(), r.vint(), r.vint(), r.vint(), r.vlong(), r.bool(), preview(r));
        return new StoredTrack(t, albumId);
    }

    /** The album id of a stored track, without decoding the rest. */
    static String trackAlbumId(byte[] b) {
        Codec.Reader r = new Codec.Reader(b, 0);
        r.skipStr();
        r.skipStr();
        return r.str();
    }

    /** Whether a stored track lists this artist among its artists, without decoding the rest. */
    static boolean trackHasArtist(byte[] b, String artistId) {
        Codec.Reader r = new Codec.Reader(b, 0);
        r.skipStr();
        r.skipStr();
        r.skipStr();
        int n = r.vint();
        for (int i = 0; i < n; i++) {
            if (artistId.equals(r.str())) {
                return true;
            }
            r.skipStr();
        }
        return false;
    }

    /** Feature values have at most six decimals in the dump: stored as integers scaled by this, a few bytes each. */
    static final long FEATURE_SCALE = 1_000_000L;
    private static final double SCALE = FEATURE_SCALE;

    private static double decimal(Codec.Reader r) {
        return r.vlong() / SCALE;
    }

    /** Features from their values in {@link DumpSchema#FEATURE_COLUMNS} order, decimals already scaled. */
    static byte[] features(Codec.Writer w, String trackId, long[] v) {
        // FEATURE_COLUMNS: duration_ms, time_signature, tempo, key, mode, danceability, energy, loudness,
        // speechiness, acousticness, instrumentalness, liveness, valence
        w.reset();
        w.str(trackId);
        w.vlong(v[9]);
        w.vlong(v[5]);
        w.vlong(v[0]);
        w.vlong(v[6]);
        w.vlong(v[10]);
        w.vint((int) v[3]);
        w.vlong(v[11]);
        w.vlong(v[7]);
        w.vint((int) v[4]);
        w.vlong(v[8]);
        w.vlong(v[2]);
        w.vint((int) v[1]);
        w.vlong(v[12]);
        return w.bytes();
    }

    static AudioFeatures features(byte[] b) {
        Codec.Reader r = new Codec.Reader(b, 0);
        return new AudioFeatures(r.str(), decimal(r), decimal(r), r.vlong(), decimal(r), decimal(r), r.vint(), decimal(r),
            decimal(r), r.vint(), decimal(r), decimal(r), r.vint(), decimal(r));
    }

    static final String PREVIEW_PREFIX = "https://p.scdn.co/mp3-preview/";
    static final String CID = "?cid=";

    /**
     * Spotify preview URLs are a fixed prefix, 40 hex digits and usually {@code ?cid=} with 32 more: stored as
     * bytes (half the size, and LZ4 cannot shrink hex); anything else is stored as text.
     */
    static void preview(Codec.Writer w, String url) {
        if (url != null && url.startsWith(PREVIEW_PREFIX) && url.length() == PREVIEW_PREFIX.length() + 40 + CID.length() + 32
            && url.startsWith(CID, PREVIEW_PREFIX.length() + 40)
            && isLowerHex(url, PREVIEW_PREFIX.length(), 40) && isLowerHex(url, PREVIEW_PREFIX.length() + 45, 32)) {
            w.vint(1);
            hex(w, url, PREVIEW_PREFIX.length(), 40);
            hex(w, url, PREVIEW_PREFIX.length() + 45, 32);
        } else {
            w.vint(0);
            w.str(url);
        }
    }

    static String preview(Codec.Reader r) {
        if (r.vint() == 0) {
            return r.str();
        }
        StringBuilder b = new StringBuilder(PREVIEW_PREFIX.length() + 77).append(PREVIEW_PREFIX);
        unhex(r, b, 20);
        b.append(CID);
        unhex(r, b, 16);
        return b.toString();
    }

    private static boolean isLowerHex(String s, int from, int n) {
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static void hex(Codec.Writer w, String s, int from, int n) {
        for (int i = from; i < from + n; i += 2) {
            w.raw((byte) (Character.digit(s.charAt(i), 16) << 4 | Character.digit(s.charAt(i + 1), 16)));
        }
    }

    private static void unhex(Codec.Reader r, StringBuilder b, int bytes) {
        for (int i = 0; i < bytes; i++) {
            int v = r.raw() & 0xFF;
            b.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
    }
}
