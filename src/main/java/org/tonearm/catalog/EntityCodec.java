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
        w.str(t.previewUrl());
        return w.bytes();
    }

    static StoredTrack track(byte[] b, Markets markets) {
        Codec.Reader r = new Codec.Reader(b, 0);
        String id = r.str();
        String name = r.str();
        String albumId = r.str();
        List<ArtistRef> artists = artists(r);
        List<String> mk = markets.get(r.vlong());
        Track t = new Track(id, name, null, artists, mk, r.str(), r.vint(), r.vint(), r.vint(), r.vlong(), r.bool(), r.str());
        return new StoredTrack(t, albumId);
    }

    static byte[] features(Codec.Writer w, AudioFeatures f) {
        w.reset();
        w.str(f.trackId());
        w.dbl(f.acousticness());
        w.dbl(f.danceability());
        w.vlong(f.durationMs());
        w.dbl(f.energy());
        w.dbl(f.instrumentalness());
        w.vint(f.key());
        w.dbl(f.liveness());
        w.dbl(f.loudness());
        w.vint(f.mode());
        w.dbl(f.speechiness());
        w.dbl(f.tempo());
        w.vint(f.timeSignature());
        w.dbl(f.valence());
        return w.bytes();
    }

    static AudioFeatures features(byte[] b) {
        Codec.Reader r = new Codec.Reader(b, 0);
        return new AudioFeatures(r.str(), r.dbl(), r.dbl(), r.vlong(), r.dbl(), r.dbl(), r.vint(), r.dbl(), r.dbl(),
            r.vint(), r.dbl(), r.dbl(), r.vint(), r.dbl());
    }
}
