package org.tonearm.vk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.TonearmException;
import org.tonearm.vk.web.AccountStatus.State;
import org.tonearm.vk.web.FakeMobileVk.SecondFactor;
import org.tonearm.vk.web.FakeMobileVk.Trouble;

class MobileVkClientTest {
    @TempDir
    Path data;
    FakeMobileVk vk;

    @BeforeEach
    void start() throws Exception {
        vk = new FakeMobileVk();
        for (int i = 1; i <= 25; i++) {
            vk.addMp3("Moby", "Track " + i, 100 + i, ("mp3-" + i).getBytes(StandardCharsets.UTF_8));
        }
        vk.addMp3("Другой & <Artist>", "Тайтл \"quoted\"", 61, new byte[] {1});
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    MobileVkClient client(VkAccount... accounts) {
        return new MobileVkClient(new VkWebConfig(URI.create(vk.baseUrl()), List.of(accounts), data.resolve("vk-web"),
            Duration.ofSeconds(10), Duration.ofMinutes(10), 20));
    }

    @Test
    void logsInWithPasswordAndParsesSearchPagesWithPaging() {
        vk.addAccount("user@example.org", "s3cret", SecondFactor.NONE, 1373158607L);
        MobileVkClient c = client(new VkAccount("user@example.org", "s3cret"));
        assertFalse(c.authorized());
        List<AccountStatus> st = c.authorize();
        assertEquals(State.READY, st.getFirst().state());
        assertTrue(c.authorized());

        AudioSearchPage first = c.search("moby", 0);
        assertEquals("1373158607", first.uid());
        assertEquals(20, first.audios().size());
        VkAudio a = first.audios().getFirst();
        assertEquals("Moby", a.artist());
        assertEquals("Track 1", a.title());
        assertEquals(101, a.durationSeconds());
        assertEquals(vk.baseUrl() + "/files/1.mp3?extra=tok", a.url(), "the link is decoded with the page's vk_id");
        assertEquals("-20001_451", a.ownerAudioId());

        AudioSearchPage second = c.search("moby", 1);
        assertEquals(5, second.audios().size(), "page 1 starts at offset 20");
        assertEquals("Track 21", second.audios().getFirst().title());
        assertTrue(c.search("moby", 2).audios().isEmpty());

        VkAudio odd = c.search("другой", 0).audios().getFirst();
        assertEquals("Другой & <Artist>", odd.artist());
        assertEquals("Тайтл \"quoted\"", odd.title());
    }

    @Test
    void wrongPasswordFailsWithVksMessageAndNeverShowsThePassword() {
        vk.addAccount("user@example.org", "s3cret", SecondFactor.NONE, 1L);
        MobileVkClient c = client(new VkAccount("user@example.org", "wrong-pass"));
        AccountStatus st = c.authorize().getFirst();
        assertEquals(State.FAILED, st.state());
        assertTrue(st.message().contains("Invalid login or password"), st.message());
        assertFalse(st.toString().contains("wrong-pass"));
        assertFalse(st.account().contains("user@example.org"), "login is masked: " + st.account());
        assertThrows(TonearmException.Unauthorized.class, () -> c.search("moby", 0));
    }

    @Test
    void secondFactorCodeWaitsListsTheFieldAndCompletes() {
        vk.addAccount("user@example.org", "s3cret", SecondFactor.CODE, 42L);
        MobileVkClient c = client(new VkAccount("user@example.org", "s3cret"));
        AccountStatus st = c.authorize().getFirst();
        assertEquals(State.NEEDS_SECOND_FACTOR, st.state());
        assertEquals(List.of("code"), st.missingFields());
        assertFalse(c.authorized());

        assertThrows(TonearmException.InvalidInput.class, () -> c.completeSecondFactor(null, Map.of()));
        AccountStatus wrong = c.completeSecondFactor(null, Map.of("code", "000000"));
        assertEquals(State.NEEDS_SECOND_FACTOR, wrong.state(), "a wrong code keeps the form");
        assertTrue(wrong.message().contains("Incorrect code"), wrong.message());

        AccountStatus ok = c.completeSecondFactor(null, Map.of("code", vk.code()));
        assertEquals(State.READY, ok.state());
        assertEquals("42", c.search("moby", 0).uid());
    }

    @Test
    void phoneSecurityCheckIsAnsweredFromThePhoneLoginOrAskedFor() {
        vk.addAccount("+225550001922", "pw", SecondFactor.PHONE_CHECK, 7L);
        MobileVkClient auto = client(new VkAccount("+225550001922", "pw"));
        assertEquals(State.READY, auto.authorize().getFirst().state(), "the middle digits come from the login");

        vk.addAccount("phone-user@example.org", "pw", SecondFactor.PHONE_CHECK, 8L);
        MobileVkClient manual = client(new VkAccount("phone-user@example.org", "pw"));
        AccountStatus st = manual.authorize().getFirst();
        assertEquals(State.NEEDS_SECOND_FACTOR, st.state());
        assertEquals(List.of("code"), st.missingFields());
        assertTrue(st.message().contains("middle digits"), st.message());
    }

    @Test
    void savedCookiesAreReusedAfterARestartWithoutLoggingInAgain() throws Exception {
        vk.addAccount("user@example.org", "s3cret", SecondFactor.NONE, 5L);
        client(new VkAccount("user@example.org", "s3cret")).authorize();
        assertEquals(1, vk.logins());
        try (Stream<Path> files = Files.list(data.resolve("vk-web"))) {
            Path cookieFile = files.findFirst().orElseThrow();
            String saved = Files.readString(cookieFile);
            assertTrue(saved.contains("remixsid"));
            assertFalse(saved.contains("s3cret"), "no password on disk");
            assertFalse(saved.contains("remixstale"), "a cookie VK deleted is not kept");
        }

        MobileVkClient restarted = client(new VkAccount("user@example.org", "s3cret"));
        assertTrue(restarted.authorized());
        assertEquals(20, restarted.search("moby", 0).audios().size());
        assertEquals(1, vk.logins(), "the saved session was used");
    }

    @Test
    void aSessionVkEndedIsLoggedInAgain() {
        vk.addAccount("user@example.org", "s3cret", SecondFactor.NONE, 5L);
        MobileVkClient c = client(new VkAccount("user@example.org", "s3cret"));
        c.authorize();
        vk.expireSessions();
        assertEquals(20, c.search("moby", 0).audios().size());
        assertEquals(2, vk.logins());
    }

    @Test
    void rotatesAwayFromAnAccountVkAsksACaptchaOfAndFailsWhenAllRest() {
        vk.addAccount("first@example.org", "a", SecondFactor.NONE, 1L);
        vk.addAccount("second@example.org", "b", SecondFactor.NONE, 2L);
        MobileVkClient c = client(new VkAccount("first@example.org", "a"), new VkAccount("second@example.org", "b"));
        c.authorize();
        vk.trouble("first@example.org", Trouble.CAPTCHA);
        for (int i = 0; i < 4; i++) {
            assertEquals("2", c.search("moby", 0).uid(), "the second account answers");
        }
        assertEquals(1, vk.searchesBy("first@example.org"), "the captcha account rests after one try");
        assertEquals(State.RESTING, c.accounts().getFirst().state());

        vk.trouble("second@example.org", Trouble.RATE_LIMIT);
        TonearmException.RateLimited limited = assertThrows(TonearmException.RateLimited.class, () -> c.search("moby", 0));
        assertTrue(limited.retryAfterSeconds() > 0);
    }
}
