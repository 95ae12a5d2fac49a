package org.tonearm.vk;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The programmatic {@link Input} for a server: the thread that logs in waits, an operator sees {@link #pending()}
 * (for example through an admin endpoint) and completes it with {@link #answer(String)}. Unanswered questions time out.
 */
public final class PendingInput implements Input {
    private final Duration timeout;
    private final AtomicReference<Prompt> pending = new AtomicReference<>();
    private final SynchronousQueue<Optional<String>> answers = new SynchronousQueue<>();

    public PendingInput(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String ask(Prompt prompt) {
        pending.set(prompt);
        try {
            Optional<String> a = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return a == null ? null : a.orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pending.set(null);
        }
    }

    /** The question the login is waiting on, if any. */
    public Optional<Prompt> pending() {
        return Optional.ofNullable(pending.get());
    }

    /** Waits up to {@code wait} for a question to appear. */
    public Optional<Prompt> awaitPrompt(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            Prompt p = pending.get();
            if (p != null) {
                return Optional.of(p);
            }
            Thread.sleep(5);
        }
        return Optional.ofNullable(pending.get());
    }

    /** Answers the pending question (null refuses); false when nothing was waiting. */
    public boolean answer(String value) {
        try {
            return answers.offer(Optional.ofNullable(value), 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
