package org.tonearm.source;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.tonearm.vk.web.MobileVkClient;
import org.tonearm.vk.web.VkAudio;

/** VK as an audio source: search through the m.vk.com web session, links decoded, bytes fetched (MP3 or HLS). */
public final class VkAudioSource implements AudioSource {
    private final MobileVkClient vk;
    private final AudioFetcher fetcher;

    public VkAudioSource(MobileVkClient vk, AudioFetcher fetcher) {
        this.vk = vk;
        this.fetcher = fetcher;
    }

    @Override
    public String name() {
        return "vk";
    }

    @Override
    public List<SourceAudio> search(String query, int page) {
        return vk.search(query, page).audios().stream().map(VkAudioSource::toSource).toList();
    }

    private static SourceAudio toSource(VkAudio a) {
        return new SourceAudio(a.ownerAudioId(), a.artist(), a.title(), a.durationSeconds(), a.url());
    }

    @Override
    public void fetch(SourceAudio audio, OutputStream out) throws IOException {
        fetcher.fetch(audio.url(), out);
    }
}
