package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextRowTest {
    private static byte[] row(String... fields) {
        return String.join(String.valueOf(ImportQueries.FIELD), fields).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsComeBackAsTheTextTheyWereIncludingUnicodeAndEmptyOnes() {
        TextRow r = new TextRow(5);
        assertTrue(r.reset(row("4uLU6hMCjMI75M1A2tKUQC", "Beyoncé — 美しい 🎵", "", ImportQueries.NULL, "x")));
        assertEquals("4uLU6hMCjMI75M1A2tKUQC", r.getString(1));
        assertEquals("Beyoncé — 美しい 🎵", r.getString(2));
        assertEquals("", r.getString(3));
        assertFalse(r.wasNull());
        assertNull(r.getString(4));
        assertTrue(r.wasNull());
        assertEquals("x", r.getString(5));
    }

    @Test
    void numbersParseWithSignsAndAtTheEdgesOfALong() {
        TextRow r = new TextRow(6);
        assertTrue(r.reset(row("0", "-42", "+7", "9223372036854775807", "-9223372036854775808", "123456789012345678")));
        assertEquals(0, r.getLong(1));
        assertEquals(-42, r.getLong(2));
        assertEquals(7, r.getLong(3));
        assertEquals(Long.MAX_VALUE, r.getLong(4));
        assertFalse(r.wasNull());
        assertEquals(Long.MIN_VALUE, r.getLong(5));
        assertEquals(123456789012345678L, r.getLong(6));
    }

    @Test
    void textThatIsNoIntegerReadsAsNull() {
        TextRow r = new TextRow(6);
        assertTrue(r.reset(row("12a", "", "-", "1.5", "99999999999999999999", ImportQueries.NULL)));
        for (int c = 1; c <= 6; c++) {
            assertEquals(0, r.getLong(c), "column " + c);
            assertTrue(r.wasNull(), "column " + c);
        }
        assertTrue(r.reset(row("5", "", "", "", "", "")));
        assertEquals(5, r.getLong(1));
        assertEquals(0, r.getLong(6), "an empty last field");
        assertTrue(r.wasNull());
    }

    @Test
    void aRowWithTooManyOrTooFewFieldsIsRefused() {
        TextRow r = new TextRow(3);
        assertFalse(r.reset(row("a", "b", "c", "d")));
        assertFalse(r.reset(row("a", "b")));
        assertTrue(r.reset(row("a", "b", "c")));
        assertEquals("c", r.getString(3));
    }
}
