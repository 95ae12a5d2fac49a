package org.tonearm.vk.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the m.vk.com web client.
 *
 * @param baseUrl    the mobile site (https://m.vk.com), a local fake in tests
 * @param accounts   accounts to log in with, used in turn
 * @param cookieDir  where each account's cookies are kept between restarts
 * @param timeout    per-request timeout
 * @param cooldown   how long an account rests after VK rate limits it or asks for a captcha
 * @param pageSize   results per VK search page (offset step)
 */
public record VkWebConfig(URI baseUrl, List<VkAccount> accounts, Path cookieDir, Duration timeout, Duration cooldown, int pageSize) {
    public VkWebConfig {
        accounts = List.copyOf(accounts);
        String s = baseUrl.toString();
        if (!s.endsWith("/")) {
            baseUrl = URI.create(s + "/");
        }
    }
}
