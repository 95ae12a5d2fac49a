package org.tonearm.vk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** An {@link Input} with answers queued per kind of question; it records every question it was asked. */
public final class ScriptedInput implements Input {
    private final Map<Kind, Deque<String>> answers = new EnumMap<>(Kind.class);
    private final List<Prompt> asked = new ArrayList<>();

    /** Queues an answer; {@code null} refuses that question. */
    public ScriptedInput answer(Kind kind, String value) {
        answers.computeIfAbsent(kind, k -> new ArrayDeque<>()).add(value == null ? "\u0000refuse" : value);
        return this;
    }

    @Override
    public synchronized String ask(Prompt prompt) {
        asked.add(prompt);
        Deque<String> q = answers.get(prompt.kind());
        if (q == null || q.isEmpty()) {
            throw new AssertionError("unexpected question: " + prompt.kind() + " " + prompt.message());
        }
        String a = q.poll();
        return a.equals("\u0000refuse") ? null : a;
    }

    public synchronized List<Prompt> asked() {
        return List.copyOf(asked);
    }

    public synchronized List<Kind> kinds() {
        return asked.stream().map(Prompt::kind).toList();
    }
}
