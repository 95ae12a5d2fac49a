package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-call uploads against the fake's upload server; the result works as an attachment. */
class UploadTest {
    @TempDir
    Path dir;

    private FakeVk vk;
    private FakeVk.Account account;
    private VkApi api;

    @BeforeEach
    void start() {
        vk = FakeVk.start();
        account = vk.account("lindsey@example.org", "pw");
        api = vk.api(account, new RecordingSleeper());
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    @Test
    void wallPhotoIsUploadedSavedAndUsableAsAttachment() throws Exception {
        byte[] image = new byte[70_000];
        new Random(7).nextBytes(image);
        Path file = Files.write(dir.resolve("cover \"art\".jpg"), image);

        Upload.Result r = api.upload(Upload.wallPhoto(), file);

        FakeVk.Uploaded got = vk.uploads().getFirst();
        assertEquals("photo", got.field());
        assertEquals("cover _art_.jpg", got.filename());
        assertArrayEquals(image, got.content(), "the bytes arrive unchanged");
        assertTrue(r.attachment().matches("photo" + account.userId() + "_\\d+"), r.attachment());
        assertEquals(account.userId(), r.saved().get(0).get("owner_id").asLong());
        FakeVk.Request save = vk.requests("photos.saveWallPhoto").getFirst();
        assertEquals("123456", save.params().get("server"), "the upload server's answer is passed to save");
        assertTrue(api.call("wall.post", Map.of("attachments", r.attachment())).get("post_id").asLong() > 0);
    }

    @Test
    void documentAndAudio() {
        Upload.Result doc = api.upload(Upload.document("notes"), "notes.txt", "hello".getBytes());
        assertTrue(doc.attachment().startsWith("doc" + account.userId() + "_"));
        assertEquals("notes", doc.saved().get("doc").get("title").asText());
        assertEquals("file", vk.uploads().getFirst().field());

        Upload.Result audio = api.upload(Upload.audio("Lindsey Stirling", "Crystallize"), "c.mp3", new byte[] {1, 2, 3});
        assertTrue(audio.attachment().startsWith("audio" + account.userId() + "_"));
        assertEquals("Crystallize", audio.saved().get("title").asText());
        assertEquals("Lindsey Stirling", vk.requests("audio.save").getFirst().params().get("artist"));
        assertTrue(api.call("wall.post", Map.of("attachments", java.util.List.of(doc.attachment(), audio.attachment()))).has("post_id"));
    }

    @Test
    void uploadServerRefusalIsClear() {
        Upload wrongField = new Upload("photos.getWallUploadServer", Map.of(), "file", "photos.saveWallPhoto", Map.of(), "photo");
        VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> api.upload(wrongField, "a.jpg", new byte[] {1}));
        assertTrue(e.getMessage().contains("refused a.jpg") && e.getMessage().contains("no 'photo' file"), e.getMessage());
    }

    @Test
    void unreadableFileIsNotSentAnywhere() {
        assertThrows(java.io.UncheckedIOException.class, () -> api.upload(Upload.wallPhoto(), dir.resolve("missing.jpg")));
        assertTrue(vk.requests().isEmpty());
    }
}
