package org.tonearm.store;

/** The live watch settings ({@code /api/config/watch}); intervals in seconds. */
public record WatchConfig(boolean enabled, int checkInterval, int maxConcurrentChecks, int retryFailedAfter) {
}
