package org.tonearm.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tonearm.TonearmException;
import org.tonearm.catalog.SearchQuery.Field;
import org.tonearm.catalog.SearchQuery.Filter;
import org.tonearm.catalog.SearchQuery.Group;
import org.tonearm.catalog.SearchQuery.Tag;
import org.tonearm.catalog.SearchQuery.Term;
import org.tonearm.catalog.SearchQuery.Text;
import org.tonearm.catalog.SearchQuery.Type;
import org.tonearm.catalog.SearchQuery.Year;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spotify {@code q} and {@code type} syntax as beets, spotipy and people write it. */
class SearchQueryTest {

    private static SearchQuery q(String text) {
        return SearchQuery.parse(text);
    }

    /** The query's groups as plain terms, for queries without OR. */
    private static List<Term> all(SearchQuery query) {
        return query.groups().stream().map(g -> {
            assertEquals(1, g.anyOf().size(), "unexpected OR group " + g);
            return g.anyOf().getFirst();
        }).toList();
    }

    private static Text word(String value) {
        return new Text(value, false);
    }

    private static Text phrase(String value) {
        return new Text(value, true);
    }

    private static void assertInvalid(String q, String messageStart) {
        TonearmException.InvalidInput e = assertThrows(TonearmException.InvalidInput.class, () -> SearchQuery.parse(q));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    // ---- free text and phrases ----

    @Test
    void freeTextWordsAndPhrases() {
        assertEquals(List.of(word("Blue"), word("Monday"), phrase("New Order")), all(q("  Blue\tMonday \"New Order\" ")));
    }

    @Test
    void punctuationOnlyWordsAreDroppedButTheRestStaysAsWritten() {
        assertEquals(List.of(word("Crank"), word("Kasra"), word("Camo"), word("Krooked")),
                all(q("Crank - Kasra Camo & Krooked")));
    }

    @Test
    void unterminatedQuoteRunsToTheEndAndCurlyQuotesCount() {
        assertEquals(List.of(word("a"), phrase("blue monday")), all(q("a \"blue monday")));
        assertEquals(List.of(phrase("Blue Monday"), word("x")), all(q("\u201CBlue Monday\u201D x")));
    }

    // ---- each field filter ----

    @ParameterizedTest
    @CsvSource({"artist,ARTIST", "album,ALBUM", "track,TRACK", "genre,GENRE", "isrc,ISRC", "upc,UPC",
            "ARTIST,ARTIST", "Album,ALBUM", "IsRc,ISRC"})
    void fieldFiltersTakeAWordOrAPhraseWhateverTheCaseOfTheirName(String name, Field field) {
        assertEquals(List.of(new Filter(field, "Doxy", false)), all(q(name + ":Doxy")));
        assertEquals(List.of(new Filter(field, "Miles Davis", true)), all(q(name + ":\"Miles Davis\"")));
    }

    @Test
    void spotifysOwnExampleQuery() {
        assertEquals(List.of(word("remaster"), new Filter(Field.TRACK, "Doxy", false),
                        new Filter(Field.ARTIST, "Miles", false), word("Davis")),
                all(q("remaster track:Doxy artist:Miles Davis")));
    }

    @Test
    void aSpaceAfterTheColonTakesTheNextWordAsTheValue() {
        assertEquals(List.of(new Filter(Field.ARTIST, "Miles Davis", true), word("kind")),
                all(q("artist: \"Miles Davis\" kind")));
        assertEquals(List.of(new Year(1959, 1959)), all(q("year: 1959")));
        SearchQuery operatorAfterColon = q("artist: NOT x");
        assertEquals(List.of(), operatorAfterColon.groups());
        assertEquals(List.of(word("x")), operatorAfterColon.excluded());
    }

    @Test
    void emptyFilterValuesAskForNothing() {
        assertTrue(q("artist:\"\" album:").isEmpty());
    }

    @Test
    void isrcAndUpcKeepTheirValue() {
        assertEquals(List.of(new Filter(Field.ISRC, "GBAAP0001115", false), new Filter(Field.UPC, "190295211592", false)),
                all(q("isrc:GBAAP0001115 upc:190295211592")));
    }

    @Test
    void yearSingleAndRange() {
        assertEquals(List.of(new Year(1987, 1987)), all(q("year:1987")));
        assertEquals(List.of(new Year(1955, 1960)), all(q("YEAR:1955-1960")));
        assertEquals(List.of(new Year(2001, 2001)), all(q("year:\"2001\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"year:abcd", "year:87", "year:19877", "year:1990-", "year:1990-20x0", "year:",
            "year:1990–2000", "year:\"1990 - 2000\""})
    void malformedYearsAreRefusedWithTheReason(String q) {
        TonearmException.InvalidInput e = assertThrows(TonearmException.InvalidInput.class, () -> SearchQuery.parse(q));
        assertTrue(e.getMessage().startsWith("Invalid year filter 'year:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("': expected year:YYYY or year:YYYY-YYYY"), e.getMessage());
    }

    @Test
    void reversedYearRangeIsRefused() {
        TonearmException.InvalidInput e = assertThrows(TonearmException.InvalidInput.class,
                () -> SearchQuery.parse("year:2020-1990"));
        assertEquals("Invalid year filter 'year:2020-1990': the range is reversed", e.getMessage());
    }

    @Test
    void tags() {
        assertEquals(List.of(Tag.NEW, Tag.HIPSTER, word("rock")), all(q("tag:new TAG:Hipster rock")));
    }

    @Test
    void unknownFieldsAndTagsAreFreeTextAsOnSpotify() {
        assertEquals(List.of(word("label:Rhino"), phrase("mood:very happy"), word("tag:old"), word(":colon")),
                all(q("label:Rhino mood:\"very happy\" tag:old :colon")));
        assertEquals("label rhino", SearchQuery.fold("label:Rhino"));
    }

    @Test
    void mixedQueryAsBeetsSendsIt() {
        assertEquals(List.of(new Filter(Field.ALBUM, "Substance", true), new Filter(Field.ARTIST, "New Order", true),
                        new Year(1987, 1987), word("remastered")),
                all(q("album:\"Substance\" artist:\"New Order\" year:1987 remastered")));
        assertEquals(List.of(new Filter(Field.ARTIST, "AC/DC", false), phrase("Back in Black")),
                all(q("artist:AC/DC \"Back in Black\"")));
    }

    // ---- NOT and OR ----

    @Test
    void notExcludesTheNextTerm() {
        SearchQuery query = q("roadhouse NOT blues NOT artist:\"The Doors\"");
        assertEquals(List.of(word("roadhouse")), all(query));
        assertEquals(List.of(word("blues"), new Filter(Field.ARTIST, "The Doors", true)), query.excluded());
    }

    @Test
    void orMakesAlternatives() {
        SearchQuery query = q("artist:Noisia OR artist:Mefjus OR Kasra crank");
        assertEquals(List.of(new Group(List.of(new Filter(Field.ARTIST, "Noisia", false),
                        new Filter(Field.ARTIST, "Mefjus", false), word("Kasra"))), new Group(List.of(word("crank")))),
                query.groups());
        assertEquals(List.of(), query.excluded());
    }

    @Test
    void operatorsCountOnlyInUpperCaseAndUnquoted() {
        assertEquals(List.of(word("rock"), word("or"), word("not"), word("roll"), phrase("NOT")),
                all(q("rock or not roll \"NOT\"")));
    }

    @Test
    void danglingOperatorsAreIgnored() {
        assertEquals(List.of(word("a"), word("b")), all(q("OR a b OR")));
        assertEquals(List.of(new Group(List.of(word("a"), word("b")))), q("OR a OR OR b NOT").groups());
        SearchQuery notThenOr = q("NOT a OR b");
        assertEquals(List.of(word("b")), all(notThenOr));
        assertEquals(List.of(word("a")), notThenOr.excluded());
        assertTrue(q("NOT OR NOT").isEmpty());
    }

    // ---- unicode ----

    @Test
    void unicodeValuesStayAsWritten() {
        assertEquals(List.of(new Filter(Field.ARTIST, "Beyoncé", false), phrase("Sigur Rós"), word("東京事変")),
                all(q("artist:Beyoncé \"Sigur Rós\" 東京事変")));
        assertEquals(List.of(word("a"), word("b")), all(q("a\u00A0b")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Beyoncé|beyonce",
            "Camo & Krooked|camo krooked",
            "  Sigur   Rós  |sigur ros",
            "Mötley Crüe|motley crue",
            "Røyksopp|royksopp",
            "ØYSTEIN|oystein",
            "Straße|strasse",
            "Æther Œuvre|aether oeuvre",
            "Łódź|lodz",
            "Đorđe|dorde",
            "Guns N' Roses|guns n roses",
            "Don’t Stop|dont stop",
            "AC/DC|ac dc",
            "ﬁnal ＦＡＮＴＡＳＹ|final fantasy",
            "Ke$ha – Tik-Tok!|ke ha tik tok",
            "東京事変|東京事変",
            "Ελληνικά|ελληνικα",
            "İstanbul|istanbul",
            "...|\"\""})
    void foldMakesTextComparable(String in, String expected) {
        assertEquals(expected, SearchQuery.fold(in));
    }

    // ---- bounded on hostile input ----

    @Test
    void hugeQueryIsRefusedAtOnce() {
        assertInvalid("a".repeat(10_000), "Search query is too long: 10000 characters, at most 4096");
        assertInvalid("a b ".repeat(2_500), "Search query is too long");
    }

    @Test
    void tooManyTermsAreRefused() {
        String sixtyFour = Stream.generate(() -> "w").limit(64).reduce((a, b) -> a + " " + b).orElseThrow();
        assertEquals(64, q(sixtyFour).groups().size());
        assertInvalid(sixtyFour + " x", "Search query has too many terms: at most 64");
        assertInvalid("NOT x ".repeat(65), "Search query has too many terms");
    }

    @Test
    void overlongValuesAreRefused() {
        assertEquals(1, q("a".repeat(512)).groups().size());
        assertInvalid("a".repeat(513), "Search term is too long: 513 characters, at most 512");
        assertInvalid("artist:\"" + "b ".repeat(300) + "\"", "Search term is too long: 600 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
            "( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ) ) ) ) ) ) ) ) ) )",
            "(a+)+$ .*.*.*.*.*.*=x [a-z]{1,1000000} \\d+\\1 ^(?!x)",
            "artist:artist:artist:\"\"\"\"\"\"\"\"\" ::::::: \" \" \" year",
            "\\\"\\\" *:* title:foo~2 +bar -baz \"a\"~10 field:[a TO z] {!lucene}x",
            "NOT NOT NOT OR OR NOT OR",
            "\u0000\u0001\uD800 \uDFFF \u202E\u200B"})
    void hostileInputParsesOrIsRefusedCleanly(String hostile) {
        for (String q : List.of(hostile, hostile.repeat(40), hostile.repeat(40).replace(" ", ""))) {
            try {
                assertWithinLimits(SearchQuery.parse(q));
            } catch (TonearmException.InvalidInput refused) {
                assertTrue(refused.getMessage().startsWith("Search "), refused.getMessage());
            }
        }
    }

    private static void assertWithinLimits(SearchQuery query) {
        List<Term> terms = Stream.concat(query.groups().stream().flatMap(g -> g.anyOf().stream()),
                query.excluded().stream()).toList();
        assertTrue(terms.size() <= SearchQuery.MAX_TERMS, terms::toString);
        for (Term term : terms) {
            String value = switch (term) {
                case Text t -> t.value();
                case Filter f -> f.value();
                case Year y -> "";
                case Tag t -> "";
            };
            assertTrue(value.length() <= SearchQuery.MAX_VALUE_LENGTH, value);
            assertTrue(!(term instanceof Text t) || !SearchQuery.fold(t.value()).isEmpty(), term::toString);
        }
    }

    @Test
    void luceneSyntaxIsJustText() {
        assertEquals(List.of(word("title:foo~2"), word("+bar"), word("-baz")),
                all(q("*:* title:foo~2 +bar -baz")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blankQueryIsRefused(String q) {
        assertInvalid(q, "No search query");
        assertInvalid(null, "No search query");
    }

    @Test
    void queryRecordsAreImmutable() {
        SearchQuery query = q("a OR b c");
        assertThrows(UnsupportedOperationException.class, () -> query.groups().add(new Group(List.of(word("x")))));
        assertThrows(UnsupportedOperationException.class, () -> query.groups().getFirst().anyOf().add(word("x")));
        assertThrows(UnsupportedOperationException.class, () -> query.excluded().add(word("x")));
    }

    // ---- the type parameter ----

    @Test
    void typeListParses() {
        assertEquals(EnumSet.of(Type.TRACK), Type.parseList("track"));
        assertEquals(EnumSet.of(Type.TRACK, Type.ALBUM, Type.ARTIST), Type.parseList("track,album,artist"));
        assertEquals(EnumSet.of(Type.ALBUM, Type.TRACK), Type.parseList(" album , track,track "));
        assertEquals("artist", Type.ARTIST.wireName());
        Set<Type> parsed = Type.parseList("album");
        assertThrows(UnsupportedOperationException.class, () -> parsed.add(Type.TRACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tracks", "track,song", "playlist-ish", "track;album"})
    void unknownTypeIsABadSearchTypeField(String types) {
        TonearmException.InvalidInput e = assertThrows(TonearmException.InvalidInput.class, () -> Type.parseList(types));
        assertEquals("Bad search type field", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void atLeastOneTypeIsRequired(String types) {
        TonearmException.InvalidInput e = assertThrows(TonearmException.InvalidInput.class, () -> Type.parseList(types));
        assertEquals("Missing parameter type", e.getMessage());
        assertThrows(TonearmException.InvalidInput.class, () -> Type.parseList(null));
    }
}
