package org.tonearm.store;

/** The live download settings the management API edits (the seed's {@code /api/config/} fields). */
public record DownloadConfig(int maxConcurrentDownloads, String service, boolean fallback, String spotifyQuality,
                             String deezerQuality, boolean realTime, String downloadPath, String fileFormat) {
}
