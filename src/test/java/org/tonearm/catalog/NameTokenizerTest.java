package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

/**
 * The catalog analyzer against the chain catalogs were first imported with (StandardTokenizer, LowerCaseFilter,
 * ASCIIFoldingFilter): the same terms, positions and offsets on real names, tricky strings and random text over
 * every character the fast path claims to know.
 */
class NameTokenizerTest {
    private static final Analyzer STANDARD = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tok = new StandardTokenizer();
            tok.setMaxTokenLength(64);
            return new TokenStreamComponents(tok, new ASCIIFoldingFilter(new LowerCaseFilter(tok)));
        }
    };
    private static final Analyzer CATALOG = Fields.analyzer();

    /** Every token as "term@start-end+increment", and the final offset. */
    private static List<String> tokens(Analyzer a, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream(Fields.NAME, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term + "@" + offset.startOffset() + "-" + offset.endOffset() + "+" + inc.getPositionIncrement());
            }
            ts.end();
            out.add("end@" + offset.endOffset());
        }
        return out;
    }

    private static void same(String text) throws IOException {
        assertEquals(tokens(STANDARD, text), tokens(CATALOG, text), () -> "tokens of \"" + text + "\"");
    }

    @Test
    void trickyStrings() throws IOException {
        for (String s : List.of("", " ", "Camo & Krooked", "AC/DC", "Beyoncé", "BEYONCÉ", "Don't Stop", "Don’t Stop",
            "rock 'n' roll", "'quoted'", "o'", "U.S.A.", "e.g. this", "a..b", "1,000.50", "3.14", "1.a", "a.1", "a:b",
            "10:30", "a·b", "a;b", "1;2", "abc123def", "123abc", "Straße", "Ægir", "Łódź", "İstanbul", "Ĳssel", "Œuvre",
            "þorn", "Мечта", "Кино", "ΣΊΣΥΦΟΣ", "東京", "夜の歌", "東京 Tokyo", "abc東京def", "カタカナ", "ひらがな", "한국어",
            "ภาษาไทย", "emoji 🎵 song", "❤️", "👍🏽", "©2020 ®", "x²", "1⁄2", "foo_bar", "__init__", "naïve café",
            "a-b-c", "(Live)", "Song - Remix", "tab\there", "line\nbreak", "e\u0301", "\u00ad", "Ｆｕｌｌ", "№ 1", "#1 hit",
            "*", "50%", "$100", "a.b.c.d", "a''b", "a'.b", "1.2.3", "1..2", "v1.2-beta", ".hidden", "end.",
            "x".repeat(55), "x".repeat(56), "x".repeat(63), "x".repeat(64), "x".repeat(65), "x".repeat(130),
            "é".repeat(70), "a.".repeat(40), "1,".repeat(40) + "1", ("ab'").repeat(30))) {
            same(s);
        }
    }

    @Test
    void realSampleNames() throws Exception {
        int n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String table : List.of("tracks", "albums", "artists")) {
                String file = TestCatalogs.sampleDump().resolve(table + ".parquet").toString();
                try (ResultSet rs = s.executeQuery("SELECT name FROM read_parquet('" + file + "') WHERE name IS NOT NULL")) {
                    while (rs.next()) {
                        same(rs.getString(1));
                        n++;
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT genre FROM read_parquet('"
                + TestCatalogs.sampleDump().resolve("artist_genres.parquet") + "') WHERE genre IS NOT NULL")) {
                while (rs.next()) {
                    same(rs.getString(1));
                    n++;
                }
            }
        }
        assertTrue(n > 600, "sample names read: " + n);
    }

    /** Random text over the fast path's characters, separators and a few it must hand to the standard chain. */
    @Test
    void randomText() throws IOException {
        StringBuilder alphabet = new StringBuilder(" !\"#$%&()*+-/<=>?@[\\]^`{|}~0123456789:,;.'\u00b7\u2019");
        for (int c = 'A'; c <= 'Z'; c++) {
            alphabet.append((char) c).append((char) (c + 32));
        }
        for (int c = 0x00C0; c < 0x0530; c++) {
            alphabet.append((char) c);
        }
        alphabet.append("東京夜歌\u4e00\u9fcc\u9fcd\u9fff_\u00ad\u0301\u00e9\u2024\ufe52\uff0e\u3042\u30ab\uac00");
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int len = r.nextInt(i % 100 == 0 ? 90 : 14);
            StringBuilder b = new StringBuilder(len);
            for (int j = 0; j < len; j++) {
                b.append(r.nextInt(3) == 0 ? ' ' : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            same(b.toString());
        }
    }

    /** Each known character alone and between letters and digits, where the joining rules apply. */
    @Test
    void everyKnownCharacterInContext() throws IOException {
        for (int c = 0; c < 0x0530; c++) {
            String ch = String.valueOf((char) c);
            for (String ctx : List.of("%s", "a%sb", "1%s2", "a%s1", "%sa", "a%s", "ü%sé", "б%sг")) {
                same(ctx.replace("%s", ch));
            }
        }
    }
}
