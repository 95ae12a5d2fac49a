package org.tonearm.catalog;

import org.tonearm.TonearmException;

import java.text.Normalizer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed Spotify search {@code q}: every group must match (a group is one term or several joined by {@code OR}),
 * and no {@code excluded} term may match.
 *
 * <p>Values are kept as the user wrote them (without the quotes); compare them through {@link #fold(String)}.
 * Parse with {@link #parse(String)}; the grammar and its limits are described in {@link SearchQueryParser}.
 */
public record SearchQuery(List<Group> groups, List<Term> excluded) {

    /** At most this many terms (free words, phrases, filters, excluded terms) in one query. */
    public static final int MAX_TERMS = 64;
    /** At most this many characters in one word, phrase or filter value. */
    public static final int MAX_VALUE_LENGTH = 512;
    /** At most this many characters in the whole {@code q}. */
    public static final int MAX_QUERY_LENGTH = 4096;

    public SearchQuery {
        groups = List.copyOf(groups);
        excluded = List.copyOf(excluded);
    }

    /**
     * Parses Spotify's {@code q} syntax in time linear in its length.
     *
     * @throws TonearmException.InvalidInput for a blank query, a query over the limits above, or a malformed
     *                                        {@code year:} filter; the message says which
     */
    public static SearchQuery parse(String q) {
        return SearchQueryParser.parse(q);
    }

    /** True when nothing is asked for (the query held only punctuation or operators). */
    public boolean isEmpty() {
        return groups.isEmpty() && excluded.isEmpty();
    }

    /** One term of a query. */
    public sealed interface Term permits Text, Filter, Year, Tag {
    }

    /** Free text: a single word, or a quoted phrase whose words must appear in order. */
    public record Text(String value, boolean phrase) implements Term {
        public Text {
            Objects.requireNonNull(value);
        }
    }

    /** A field filter such as {@code artist:"Miles Davis"} or {@code isrc:GBAAP0001115}. */
    public record Filter(Field field, String value, boolean phrase) implements Term {
        public Filter {
            Objects.requireNonNull(field);
            Objects.requireNonNull(value);
        }
    }

    /** {@code year:1987} (from == to) or {@code year:1955-1960}, inclusive. */
    public record Year(int from, int to) implements Term {
        public Year {
            if (from > to) {
                throw new IllegalArgumentException("year range " + from + "-" + to + " is reversed");
            }
        }
    }

    /** {@code tag:new} (albums released in the past two weeks) and {@code tag:hipster} (lowest 10% popularity). */
    public enum Tag implements Term {
        NEW, HIPSTER
    }

    /** The text fields a filter can name. */
    public enum Field {
        ARTIST, ALBUM, TRACK, GENRE, ISRC, UPC
    }

    /** Terms of which at least one must match: a single term, or terms joined by {@code OR}. */
    public record Group(List<Term> anyOf) {
        public Group {
            anyOf = List.copyOf(anyOf);
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("a group needs at least one term");
            }
        }
    }

    /** The catalog object types a search can ask for with the {@code type} parameter. */
    public enum Type {
        ALBUM, ARTIST, TRACK;

        /** The name in the {@code type} parameter, e.g. {@code track}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses the comma list of the {@code type} parameter ({@code track,album,artist}).
         *
         * @throws TonearmException.InvalidInput "Missing parameter type" when none is given,
         *                                        "Bad search type field" for any other name
         */
        public static Set<Type> parseList(String types) {
            EnumSet<Type> result = EnumSet.noneOf(Type.class);
            if (types != null) {
                for (String raw : types.split(",", -1)) {
                    String name = raw.strip();
                    if (name.isEmpty()) {
                        continue;
                    }
                    result.add(switch (name.toLowerCase(Locale.ROOT)) {
                        case "album" -> ALBUM;
                        case "artist" -> ARTIST;
                        case "track" -> TRACK;
                        default -> throw new TonearmException.InvalidInput("Bad search type field");
                    });
                }
            }
            if (result.isEmpty()) {
                throw new TonearmException.InvalidInput("Missing parameter type");
            }
            return Collections.unmodifiableSet(result);
        }
    }

    /**
     * Folds text for matching: lower case, accents stripped, special letters spelled in ASCII (ø -> o, ß -> ss,
     * æ -> ae, ł -> l, ...), apostrophes dropped (so "Don't" meets "dont"), every other non-letter, non-digit
     * character a space, spaces collapsed and trimmed. "Beyoncé" -> "beyonce", "Camo & Krooked" -> "camo krooked".
     *
     * <p>Uses NFKD rather than NFD so that compatibility forms fold too: ligatures (ﬁ -> fi) and full-width letters.
     */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK || isApostrophe(cp)) {
                continue;
            }
            if (!Character.isLetterOrDigit(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            int lower = Character.toLowerCase(cp);
            String spelled = spelledOut(lower);
            if (spelled != null) {
                out.append(spelled);
            } else {
                out.appendCodePoint(lower);
            }
        }
        return out.toString();
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02BC' || cp == '`' || cp == '\u00B4';
    }

    /** Letters that no Unicode decomposition reduces to ASCII. */
    private static String spelledOut(int lower) {
        return switch (lower) {
            case 'ß' -> "ss";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ø' -> "o";
            case 'ł' -> "l";
            case 'đ', 'ð' -> "d";
            case 'þ' -> "th";
            case 'ı' -> "i";
            case 'ħ' -> "h";
            case 'ŧ' -> "t";
            case 'ŋ' -> "ng";
            default -> null;
        };
    }
}
