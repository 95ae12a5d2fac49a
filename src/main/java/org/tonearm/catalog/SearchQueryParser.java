package org.tonearm.catalog;

import org.tonearm.TonearmException;
import org.tonearm.catalog.SearchQuery.Field;
import org.tonearm.catalog.SearchQuery.Filter;
import org.tonearm.catalog.SearchQuery.Group;
import org.tonearm.catalog.SearchQuery.Tag;
import org.tonearm.catalog.SearchQuery.Term;
import org.tonearm.catalog.SearchQuery.Text;
import org.tonearm.catalog.SearchQuery.Year;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Spotify's search syntax with a single left-to-right scan (no regular expressions, no backtracking).
 *
 * <p>Grammar, as Spotify documents and behaves:
 * <ul>
 *   <li>Tokens are separated by white space. {@code "..."} is a phrase; an unterminated quote runs to the end.
 *       Curly quotes count as quotes.</li>
 *   <li>{@code field:value} or {@code field:"a phrase"}, the field name case-insensitive: {@code artist},
 *       {@code album}, {@code track}, {@code genre}, {@code isrc}, {@code upc}; {@code year:YYYY} and
 *       {@code year:YYYY-YYYY}; {@code tag:new}, {@code tag:hipster}. {@code artist: Miles} (a space after the
 *       colon) takes the next word as the value. Any other {@code name:value}, including an unknown tag, is
 *       free text, as on Spotify.</li>
 *   <li>{@code NOT term} excludes the term; {@code a OR b} makes a group where either matches. Operators count
 *       only in upper case and unquoted ("or" is a word). An {@code OR} with no positive term on its left, and a
 *       trailing {@code NOT} or {@code OR}, are ignored. {@code NOT} binds to the single next term, which then
 *       cannot join an {@code OR}.</li>
 *   <li>Words and phrases that fold to nothing (a lone "-" or "&amp;") are dropped.</li>
 * </ul>
 * Limits are refused, not truncated, so a user never gets results for a query other than the one sent:
 * over {@link SearchQuery#MAX_QUERY_LENGTH} characters, over {@link SearchQuery#MAX_TERMS} terms, or a value
 * over {@link SearchQuery#MAX_VALUE_LENGTH} characters is {@link TonearmException.InvalidInput}, as are a blank
 * query and a malformed {@code year:}.
 */
final class SearchQueryParser {

    /** {@code field} is null for a token without {@code name:}; {@code quoted} when the value was in quotes. */
    private record Token(String field, String value, boolean quoted) {
        boolean isOperator(String name) {
            return field == null && !quoted && value.equals(name);
        }
    }

    private SearchQueryParser() {
    }

    static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw new TonearmException.InvalidInput("No search query");
        }
        if (q.length() > SearchQuery.MAX_QUERY_LENGTH) {
            throw new TonearmException.InvalidInput("Search query is too long: " + q.length()
                    + " characters, at most " + SearchQuery.MAX_QUERY_LENGTH);
        }
        List<Token> tokens = tokenize(q);
        List<List<Term>> groups = new ArrayList<>();
        List<Term> excluded = new ArrayList<>();
        boolean not = false;
        boolean or = false;
        boolean lastWasPositive = false;
        int terms = 0;
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            if (token.isOperator("NOT")) {
                not = true;
                continue;
            }
            if (token.isOperator("OR")) {
                or = lastWasPositive && !not;
                continue;
            }
            if (token.field() != null && token.value().isEmpty() && !token.quoted() && t + 1 < tokens.size()) {
                Token next = tokens.get(t + 1);
                if (next.field() == null && !next.isOperator("NOT") && !next.isOperator("OR")) {
                    token = new Token(token.field(), next.value(), next.quoted());
                    t++;
                }
            }
            Term term = term(token);
            if (term == null) {
                continue;
            }
            if (++terms > SearchQuery.MAX_TERMS) {
                throw new TonearmException.InvalidInput("Search query has too many terms: at most "
                        + SearchQuery.MAX_TERMS);
            }
            if (not) {
                excluded.add(term);
                lastWasPositive = false;
            } else if (or) {
                groups.getLast().add(term);
                lastWasPositive = true;
            } else {
                groups.add(new ArrayList<>(List.of(term)));
                lastWasPositive = true;
            }
            not = false;
            or = false;
        }
        return new SearchQuery(groups.stream().map(Group::new).toList(), excluded);
    }

    private static List<Token> tokenize(String q) {
        List<Token> tokens = new ArrayList<>();
        int n = q.length();
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (isQuote(c)) {
                int end = closingQuote(q, i + 1);
                tokens.add(new Token(null, q.substring(i + 1, end), true));
                i = Math.min(end + 1, n);
                continue;
            }
            int start = i;
            int colon = -1;
            boolean quotedValue = false;
            while (i < n && !isSpace(q.charAt(i))) {
                if (q.charAt(i) == ':' && colon < 0 && i > start) {
                    colon = i;
                    if (i + 1 < n && isQuote(q.charAt(i + 1))) {
                        quotedValue = true;
                        break;
                    }
                }
                i++;
            }
            if (quotedValue) {
                int end = closingQuote(q, colon + 2);
                tokens.add(new Token(q.substring(start, colon), q.substring(colon + 2, end), true));
                i = Math.min(end + 1, n);
            } else if (colon >= 0) {
                tokens.add(new Token(q.substring(start, colon), q.substring(colon + 1, i), false));
            } else {
                tokens.add(new Token(null, q.substring(start, i), false));
            }
        }
        return tokens;
    }

    private static int closingQuote(String q, int from) {
        int i = from;
        while (i < q.length() && !isQuote(q.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The term a token stands for, or null when it asks for nothing. */
    private static Term term(Token token) {
        String value = token.value();
        if (value.length() > SearchQuery.MAX_VALUE_LENGTH) {
            throw new TonearmException.InvalidInput("Search term is too long: " + value.length()
                    + " characters, at most " + SearchQuery.MAX_VALUE_LENGTH);
        }
        if (token.field() == null) {
            return text(value, token.quoted());
        }
        String name = token.field().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "artist", "album", "track", "genre", "isrc", "upc" -> SearchQuery.fold(value).isEmpty()
                    ? null : new Filter(Field.valueOf(name.toUpperCase(Locale.ROOT)), value, token.quoted());
            case "year" -> year(value);
            case "tag" -> switch (value.toLowerCase(Locale.ROOT)) {
                case "new" -> Tag.NEW;
                case "hipster" -> Tag.HIPSTER;
                default -> text(token.field() + ":" + value, token.quoted());
            };
            default -> text(token.field() + ":" + value, token.quoted());
        };
    }

    private static Text text(String value, boolean quoted) {
        return SearchQuery.fold(value).isEmpty() ? null : new Text(value, quoted);
    }

    private static Year year(String raw) {
        String value = raw.strip();
        int from;
        int to;
        if (value.length() == 4) {
            from = digits(value, 0, raw);
            to = from;
        } else if (value.length() == 9 && value.charAt(4) == '-') {
            from = digits(value, 0, raw);
            to = digits(value, 5, raw);
        } else {
            throw badYear(raw, "expected year:YYYY or year:YYYY-YYYY");
        }
        if (from > to) {
            throw badYear(raw, "the range is reversed");
        }
        return new Year(from, to);
    }

    private static int digits(String value, int at, String raw) {
        int year = 0;
        for (int i = at; i < at + 4; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw badYear(raw, "expected year:YYYY or year:YYYY-YYYY");
            }
            year = year * 10 + (c - '0');
        }
        return year;
    }

    private static TonearmException.InvalidInput badYear(String raw, String problem) {
        String shown = raw.length() > 32 ? raw.substring(0, 32) + "..." : raw;
        return new TonearmException.InvalidInput("Invalid year filter 'year:" + shown + "': " + problem);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';
    }
}
