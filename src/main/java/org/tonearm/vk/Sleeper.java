package org.tonearm.vk;

import java.time.Duration;

/** How the client waits between retries; tests pass one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    /** Really waits. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
}
