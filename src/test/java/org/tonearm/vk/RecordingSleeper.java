package org.tonearm.vk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that only writes down how long it was asked to wait. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration d) {
        waits.add(d);
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }

    public synchronized List<Long> millis() {
        return waits.stream().map(Duration::toMillis).toList();
    }
}
