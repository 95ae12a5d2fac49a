package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads PyVK's recorded VK answers and pages from the shared test data (never copied into the repository). */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path dir() {
        String shared = System.getProperty("tonearm.shared");
        if (shared == null) {
            throw new IllegalStateException("system property tonearm.shared is not set (surefire sets it to ../shared)");
        }
        Path d = Path.of(shared, "vk", "pyvk-fixtures");
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("VK fixtures not found at " + d);
        }
        return d;
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is not JSON", e);
        }
    }
}
