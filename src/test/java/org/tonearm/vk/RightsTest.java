package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The access-rights masks: VK's bit values, combining, and reading the masks VK reports. */
class RightsTest {

    @Test
    void bitsAreVks() {
        assertEquals(8, Rights.P_AUDIO.mask());
        assertEquals(65536, Rights.P_OFFLINE.mask());
        assertEquals(134217728, Rights.P_MARKET.mask());
        assertEquals(65544, Rights.P_AUDIO.and(Rights.P_OFFLINE).mask());
        assertEquals(341022, Rights.P_BASIC.mask());
        assertEquals(140492255, Rights.P_ALL.mask());
    }

    @Test
    void combineAndTest() {
        Rights r = Rights.of(Rights.P_AUDIO, Rights.P_OFFLINE, Rights.P_AUDIO);
        assertTrue(r.includes(Rights.P_AUDIO));
        assertFalse(r.includes(Rights.P_AUDIO.and(Rights.P_DOCS)));
        assertTrue(Rights.P_ALL.includes(Rights.P_BASIC));
        assertEquals(Rights.P_AUDIO, r.without(Rights.P_OFFLINE));
        assertEquals(List.of("audio", "offline"), r.names());
    }

    @Test
    void masksReportedByVkDecode() {
        long basic = Fixtures.json("token_valid_basic.json").get("response").asLong();
        assertEquals(Rights.P_BASIC.without(Rights.P_OFFLINE), new Rights(basic));
        Rights all = new Rights(Fixtures.json("token_valid_all.json").get("response").asLong());
        assertEquals(Rights.P_ALL.without(Rights.P_MESSAGES), all, "the recorded token lacked only messages");
    }

    @Test
    void parsesNamesAndNumbers() {
        assertEquals(Rights.P_AUDIO.and(Rights.P_OFFLINE), Rights.parse("audio, p_offline"));
        assertEquals(Rights.P_BASIC, Rights.parse("basic"));
        assertEquals(new Rights(65544), Rights.parse("65544"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rights.parse("audio,music"));
        assertTrue(e.getMessage().contains("music"));
        assertThrows(IllegalArgumentException.class, () -> new Rights(-1));
    }
}
