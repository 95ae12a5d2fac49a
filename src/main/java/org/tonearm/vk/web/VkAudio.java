package org.tonearm.vk.web;

/**
 * One audio of a VK search page.
 *
 * @param id       VK's {@code data-id}: {@code owner_audio[_hashes]}
 * @param url      the decoded link (an .mp3 or an HLS index.m3u8)
 */
public record VkAudio(String id, String artist, String title, int durationSeconds, String url) {

    /** {@code data-id} without its last {@code _} part, which thatmusic hashes into audio_hash. */
    public String ownerAudioId() {
        int cut = id.lastIndexOf('_');
        return cut < 0 ? id : id.substring(0, cut);
    }
}
