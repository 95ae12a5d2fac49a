package org.tonearm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VkCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static List<JsonNode> vectors() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("tonearm.shared", "../shared"), "vk", "decode-vectors.jsonl"))) {
            out.add(json.readTree(line));
        }
        return out;
    }

    @Test
    void decodesUrlsGivenAsArguments() throws Exception {
        JsonNode v = vectors().getFirst();
        Run r = run("", "vk", "decode", "--uid", v.get("uid").asText(), v.get("in").asText(), "https://example.org/plain.mp3");
        assertEquals(0, r.code(), r.err());
        assertEquals(v.get("out").asText() + System.lineSeparator() + "https://example.org/plain.mp3" + System.lineSeparator(), r.out());
    }

    @Test
    void readsUidTabUrlLinesFromStdin() throws Exception {
        List<JsonNode> vs = vectors().subList(0, 50);
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (JsonNode v : vs) {
            in.append(v.get("uid").asText()).append('\t').append(v.get("in").asText()).append('\n');
            expected.append(v.get("out").asText()).append(System.lineSeparator());
        }
        Run r = run(in.toString(), "vk", "decode");
        assertEquals(0, r.code(), r.err());
        assertEquals(expected.toString(), r.out());
    }

    @Test
    void badInputIsExplained() {
        Run noUid = run("", "vk", "decode", "https://m.vk.com/x");
        assertEquals(2, noUid.code());
        assertTrue(noUid.err().contains("--uid"), noUid.err());
        Run badLine = run("not-a-uid-line\n", "vk", "decode");
        assertEquals(1, badLine.code());
        assertTrue(badLine.err().contains("line 1"), badLine.err());
    }
}
