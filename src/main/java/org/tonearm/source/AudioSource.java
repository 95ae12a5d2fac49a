package org.tonearm.source;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Somewhere audio can be searched and fetched (VK first); implementations throw {@link org.tonearm.TonearmException}s. */
public interface AudioSource {

    /** Short name for logs and answers ("vk"). */
    String name();

    /** One page (0-based) of results for a free-text query. */
    List<SourceAudio> search(String query, int page);

    /** Writes the audio as one MP3 stream to {@code out}, as it arrives. */
    void fetch(SourceAudio audio, OutputStream out) throws IOException;
}
