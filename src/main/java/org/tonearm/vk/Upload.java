package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one kind of media is uploaded: which method gives the upload server, the multipart field, and which method saves
 * what the upload server answered. {@link VkApi#upload} runs the three steps as one call.
 *
 * @param serverMethod the {@code *.getUploadServer} method
 * @param serverParams its parameters ({@code group_id}, {@code type}, ...)
 * @param field        the multipart field the file goes in ({@code photo}, {@code file})
 * @param saveMethod   the {@code *.save} method that receives the upload server's answer
 * @param saveParams   extra parameters of the save call ({@code title}, {@code caption}, ...)
 * @param kind         the attachment type ({@code photo}, {@code doc}, {@code audio})
 */
public record Upload(String serverMethod, Map<String, ?> serverParams, String field, String saveMethod,
        Map<String, ?> saveParams, String kind) {

    public Upload {
        Objects.requireNonNull(serverMethod);
        Objects.requireNonNull(field);
        Objects.requireNonNull(saveMethod);
        Objects.requireNonNull(kind);
        serverParams = Map.copyOf(serverParams);
        saveParams = Map.copyOf(saveParams);
    }

    /** A photo for a wall post ({@code photos.getWallUploadServer} / {@code photos.saveWallPhoto}). */
    public static Upload wallPhoto() {
        return new Upload("photos.getWallUploadServer", Map.of(), "photo", "photos.saveWallPhoto", Map.of(), "photo");
    }

    /** A document ({@code docs.getUploadServer} / {@code docs.save}). */
    public static Upload document(String title) {
        return new Upload("docs.getUploadServer", Map.of(), "file", "docs.save", title == null ? Map.of() : Map.of("title", title), "doc");
    }

    /** An audio file ({@code audio.getUploadServer} / {@code audio.save}). */
    public static Upload audio(String artist, String title) {
        Map<String, Object> save = new LinkedHashMap<>();
        if (artist != null) {
            save.put("artist", artist);
        }
        if (title != null) {
            save.put("title", title);
        }
        return new Upload("audio.getUploadServer", Map.of(), "file", "audio.save", save, "audio");
    }

    /**
     * What was saved: VK's object and the attachment string ({@code photo123_456}) to pass in {@code attachment}.
     */
    public record Result(JsonNode saved, String attachment) {
    }

    Result run(VkApi api, VkHttp http, String filename, byte[] content) {
        JsonNode server = api.request(serverMethod, VkApi.flatten(serverParams)).get("response");
        String url = server == null ? "" : server.path("upload_url").asText("");
        if (url.isEmpty()) {
            throw new VkException.Protocol(serverMethod + " gave no upload_url: " + Secrets.abbreviate(String.valueOf(server)));
        }
        VkHttp.Response r = http.postMultipart(URI.create(url), field, filename, content);
        JsonNode uploaded = VkApi.parseObject(r, "the upload server's answer");
        if (uploaded.hasNonNull("error")) {
            throw new VkException.Protocol("the upload server refused " + filename + ": " + uploaded.get("error").asText()
                    + (uploaded.hasNonNull("error_descr") ? " (" + uploaded.get("error_descr").asText() + ")" : ""));
        }
        Map<String, Object> save = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = uploaded.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            save.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        save.putAll(saveParams);
        JsonNode saved = api.request(saveMethod, VkApi.flatten(save)).get("response");
        return new Result(saved, attachment(saved));
    }

    /** VK answers the save with the object, a list of them, or {@code {type, <type>: object}} (docs). */
    private String attachment(JsonNode saved) {
        JsonNode obj = saved;
        if (obj != null && obj.isArray() && !obj.isEmpty()) {
            obj = obj.get(0);
        }
        if (obj != null && obj.has("type") && obj.has(obj.get("type").asText())) {
            obj = obj.get(obj.get("type").asText());
        }
        if (obj == null || !obj.path("id").isNumber() || !obj.path("owner_id").isNumber()) {
            throw new VkException.Protocol(saveMethod + " answered without an id and owner_id: " + Secrets.abbreviate(String.valueOf(saved)));
        }
        return kind + obj.get("owner_id").asLong() + "_" + obj.get("id").asLong();
    }
}
