package org.tonearm.vk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioUrlDecoderTest {
    static Path vectors() {
        return Path.of(System.getProperty("tonearm.shared", "../shared"), "vk", "decode-vectors.jsonl");
    }

    @Test
    void matchesAllOracleVectorsByteForByte() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(vectors());
        assertEquals(500, lines.size());
        List<String> failures = new ArrayList<>();
        int decoded = 0;
        for (int n = 0; n < lines.size(); n++) {
            JsonNode v = json.readTree(lines.get(n));
            String got = AudioUrlDecoder.decode(v.get("in").asText(), v.get("uid").asText());
            if (!got.equals(v.get("out").asText())) {
                failures.add("line " + (n + 1) + ": expected " + v.get("out").asText() + " got " + got);
            }
            if (!v.get("in").asText().equals(v.get("out").asText())) {
                decoded++;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: " + failures.stream().limit(5).toList());
        assertTrue(decoded > 400, "the oracle decodes most vectors");
    }

    @Test
    void leavesOrdinaryAndMalformedUrlsAlone() {
        assertEquals("https://example.org/a.mp3", AudioUrlDecoder.decode("https://example.org/a.mp3", "1"));
        String noExtra = "https://m.vk.com/mp3/audio_api_unavailable.mp3";
        assertEquals(noExtra, AudioUrlDecoder.decode(noExtra, "1"));
        String junk = "https://m.vk.com/mp3/audio_api_unavailable.mp3?extra=a#b";
        assertEquals(junk, AudioUrlDecoder.decode(junk, "1"));
    }
}
