package org.tonearm.vk.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/** Reads m.vk.com's audio search page: the {@code .audio_item} rows and the user id their links are encoded for. */
public final class AudioSearchParser {
    private static final Logger log = LoggerFactory.getLogger(AudioSearchParser.class);
    private static final Pattern VK_ID = Pattern.compile("vk_id=(\\d{1,20})");

    private AudioSearchParser() {
    }

    public static AudioSearchPage parse(String html) {
        Matcher m = VK_ID.matcher(html);
        if (!m.find()) {
            throw new TonearmException.UpstreamFailed("VK search page has no vk_id (not an audio search page)");
        }
        String uid = m.group(1);
        Document doc = Jsoup.parse(html);
        Element scope = doc.selectFirst("#au_search_items");
        Elements items = (scope == null ? doc : scope).select(".audio_item");
        List<VkAudio> out = new ArrayList<>();
        for (Element item : items) {
            Element artist = item.selectFirst(".ai_artist");
            Element title = item.selectFirst(".ai_title");
            Element dur = item.selectFirst(".ai_dur[data-dur]");
            Element input = item.selectFirst("input[type=hidden]");
            String id = item.attr("data-id");
            if (artist == null || title == null || input == null || id.isBlank()) {
                log.warn("skipping a VK audio row without artist, title, id or link");
                continue;
            }
            int seconds = 0;
            if (dur != null) {
                try {
                    seconds = Integer.parseInt(dur.attr("data-dur").trim());
                } catch (NumberFormatException e) {
                    log.warn("VK audio {} has an unreadable duration", id);
                }
            }
            String encoded = input.attr("value");
            String url = AudioUrlDecoder.decode(encoded, uid);
            if (!url.startsWith("http") || url.contains("audio_api_unavailable")) {
                log.warn("cannot decode the link of VK audio {}", id);
                continue;
            }
            out.add(new VkAudio(id, artist.text(), title.text(), seconds, url));
        }
        return new AudioSearchPage(uid, out);
    }
}
