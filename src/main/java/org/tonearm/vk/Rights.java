package org.tonearm.vk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A VK access-rights bit mask ({@code scope}); combine with {@link #and(Rights)} as PyVK does with {@code |}. */
public record Rights(long mask) {
    public static final Rights P_NOTIFY = new Rights(1);
    public static final Rights P_FRIENDS = new Rights(2);
    public static final Rights P_PHOTOS = new Rights(4);
    public static final Rights P_AUDIO = new Rights(8);
    public static final Rights P_VIDEO = new Rights(16);
    public static final Rights P_STORIES = new Rights(64);
    public static final Rights P_PAGES = new Rights(128);
    public static final Rights P_LEFTMENU = new Rights(256);
    public static final Rights P_STATUS = new Rights(1024);
    public static final Rights P_NOTES = new Rights(2048);
    public static final Rights P_MESSAGES = new Rights(4096);
    public static final Rights P_WALL = new Rights(8192);
    public static final Rights P_ADS = new Rights(32768);
    public static final Rights P_OFFLINE = new Rights(65536);
    public static final Rights P_DOCS = new Rights(131072);
    public static final Rights P_GROUPS = new Rights(262144);
    public static final Rights P_NOTIFICATIONS = new Rights(524288);
    public static final Rights P_STATS = new Rights(1048576);
    public static final Rights P_EMAIL = new Rights(4194304);
    public static final Rights P_MARKET = new Rights(134217728);

    public static final Rights NONE = new Rights(0);

    private static final Map<String, Rights> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("notify", P_NOTIFY);
        NAMED.put("friends", P_FRIENDS);
        NAMED.put("photos", P_PHOTOS);
        NAMED.put("audio", P_AUDIO);
        NAMED.put("video", P_VIDEO);
        NAMED.put("stories", P_STORIES);
        NAMED.put("pages", P_PAGES);
        NAMED.put("leftmenu", P_LEFTMENU);
        NAMED.put("status", P_STATUS);
        NAMED.put("notes", P_NOTES);
        NAMED.put("messages", P_MESSAGES);
        NAMED.put("wall", P_WALL);
        NAMED.put("ads", P_ADS);
        NAMED.put("offline", P_OFFLINE);
        NAMED.put("docs", P_DOCS);
        NAMED.put("groups", P_GROUPS);
        NAMED.put("notifications", P_NOTIFICATIONS);
        NAMED.put("stats", P_STATS);
        NAMED.put("email", P_EMAIL);
        NAMED.put("market", P_MARKET);
    }

    /** Every right PyVK knows. */
    public static final Rights P_ALL = NAMED.values().stream().reduce(NONE, Rights::and);

    /** The rights scripts and interactive sessions usually need; {@link ClientAuth}'s default. */
    public static final Rights P_BASIC = of(P_FRIENDS, P_PHOTOS, P_AUDIO, P_VIDEO, P_STATUS, P_MESSAGES, P_WALL, P_GROUPS, P_OFFLINE);

    public Rights {
        if (mask < 0) {
            throw new IllegalArgumentException("access rights mask must not be negative: " + mask);
        }
    }

    public static Rights of(Rights... rights) {
        long m = 0;
        for (Rights r : rights) {
            m |= r.mask;
        }
        return new Rights(m);
    }

    /** Parses {@code "audio,offline"} (names as in {@link #names()}) or a plain number. */
    public static Rights parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return NONE;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return new Rights(Long.parseLong(t));
        }
        long m = 0;
        for (String part : t.split("[,|+\\s]+")) {
            String name = part.toLowerCase(Locale.ROOT).replaceFirst("^p_", "");
            Rights r = switch (name) {
                case "all" -> P_ALL;
                case "basic" -> P_BASIC;
                default -> NAMED.get(name);
            };
            if (r == null) {
                throw new IllegalArgumentException("unknown VK access right '" + part + "' (known: " + NAMED.keySet() + ", all, basic)");
            }
            m |= r.mask;
        }
        return new Rights(m);
    }

    /** The union of both masks (PyVK's {@code p_audio | p_offline}). */
    public Rights and(Rights other) {
        return new Rights(mask | other.mask);
    }

    /** These rights without the other's. */
    public Rights without(Rights other) {
        return new Rights(mask & ~other.mask);
    }

    /** Whether every bit of {@code other} is granted here. */
    public boolean includes(Rights other) {
        return (mask & other.mask) == other.mask;
    }

    /** Names of the known rights set in this mask, in bit order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        NAMED.forEach((name, r) -> {
            if (includes(r)) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return mask + names().toString();
    }
}
