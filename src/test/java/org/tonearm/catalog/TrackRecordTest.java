package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A track read in place gives back every field the decoded {@link Track} has. */
class TrackRecordTest {

    private static String text(byte[] b, int start, int length) {
        return length < 0 ? null : new String(b, start, length, StandardCharsets.UTF_8);
    }

    /** The record's fields as the Track they describe, its album left out as a record does. */
    private static Track asTrack(TrackRecord r) {
        List<ArtistRef> artists = new ArrayList<>();
        for (int i = 0; i < r.artistCount(); i++) {
            artists.add(new ArtistRef(text(r.bytes(), r.artistIdStart(i), r.artistIdLength(i)),
                text(r.bytes(), r.artistNameStart(i), r.artistNameLength(i))));
        }
        return new Track(text(r.bytes(), r.idStart(), r.idLength()), text(r.bytes(), r.nameStart(), r.nameLength()), null,
            List.copyOf(artists), r.markets(), text(r.bytes(), r.isrcStart(), r.isrcLength()), r.popularity(),
            r.discNumber(), r.trackNumber(), r.durationMs(), r.explicit(),
            text(r.previewBytes(), r.previewStart(), r.previewLength()));
    }

    @Test
    void awkwardValuesComeBackAsStored() {
        Markets markets = new Markets(Map.of(3L, List.of("DE", "US")));
        String packed = "https://p.scdn.co/mp3-preview/" + "0123456789abcdef0123456789abcdef01234567" + "?cid=" + "fedcba9876543210fedcba9876543210";
        List<Track> tracks = List.of(
            new Track("4uLU6hMCjMI75M1A2tKUQC", "Quote \" back\\slash\ttab \u0001 ctl", null,
                List.of(new ArtistRef("0OdUWJ0sBjDrqHygGUXeCF", "Beyoncé"), new ArtistRef("1", "Camo & Krooked"), new ArtistRef("2", "")),
                List.of("DE", "US"), "USUM71703861", 77, 2, 13, 245_000L, true, packed),
            new Track("x", null, null, List.of(), List.of(), null, 0, 1, 1, 0, false, null),
            new Track("y", "🎵 日本語 " + "long ".repeat(300), null,
                java.util.stream.IntStream.range(0, 9).mapToObj(i -> new ArtistRef("a" + i, "Artist " + i)).toList(),
                List.of(), "", 100, 1, 1, Long.MAX_VALUE / 3, false, "http://example.com/not-a-spotify-preview?x=1"),
            // a packed-looking URL with upper-case hex is stored as text, and must come back unchanged
            new Track("z", "z", null, List.of(), List.of(), "ISRC", 5, 1, 2, 3, false, packed.toUpperCase(java.util.Locale.ROOT)));
        Codec.Writer w = new Codec.Writer();
        TrackRecord record = new TrackRecord(markets);
        for (Track t : tracks) {
            byte[] b = EntityCodec.track(w, t, "album", t.markets().isEmpty() ? 9L : 3L);
            Track decoded = EntityCodec.track(b, markets).track();
            assertEquals(decoded, asTrack(record.read(b)), t.id());
        }
        assertEquals(packed, asTrack(record.read(EntityCodec.track(w, tracks.get(0), "album", 3L))).previewUrl());
    }

    /** Every album of the synthetic catalog: its page read in place holds the tracks of its page of Tracks. */
    @Test
    void albumPagesReadInPlaceMatchTheirTracks() {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            int albums = 0;
            for (String id : albumIds(c, 1500)) {
                Album album = c.album(id).orElseThrow();
                for (int[] window : new int[][] {{0, 50}, {1, 2}, {60, 5}}) {
                    Page<Track> page = c.albumTracks(album, window[0], window[1]);
                    List<Track> read = new ArrayList<>();
                    long total = c.albumTracks(album, window[0], window[1], r -> read.add(asTrack(r)));
                    assertEquals(page.total(), total, id);
                    assertEquals(page.items().stream().map(t -> new Track(t.id(), t.name(), null, t.artists(), t.markets(),
                        t.isrc(), t.popularity(), t.discNumber(), t.trackNumber(), t.durationMs(), t.explicit(), t.previewUrl())).toList(),
                        read, id);
                }
                albums++;
            }
            assertTrue(albums >= 1500, "albums compared: " + albums);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> albumIds(Catalog c, int n) throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        for (var leaf : c.albumsIndex().reader.leaves()) {
            var live = leaf.reader().getLiveDocs();
            for (int doc = 0; doc < leaf.reader().maxDoc() && ids.size() < n; doc++) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                ids.add(c.decodeAlbum(c.albumsIndex().data(leaf.docBase + doc)).id());
            }
        }
        return ids;
    }
}
