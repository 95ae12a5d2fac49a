package org.tonearm.vk.web;

import java.util.List;

/** One parsed VK audio search page; {@code uid} is the user the links were encoded for. */
public record AudioSearchPage(String uid, List<VkAudio> audios) {
    public AudioSearchPage {
        audios = List.copyOf(audios);
    }
}
