package org.tonearm.source;

/**
 * One audio a source found: what it is and where its bytes are.
 *
 * @param id  the source's own id (for VK: {@code owner_audio}, without the access hash)
 * @param url where to fetch it (an MP3, or an HLS playlist of MPEG-TS segments carrying MP3)
 */
public record SourceAudio(String id, String artist, String title, int durationSeconds, String url) {
}
