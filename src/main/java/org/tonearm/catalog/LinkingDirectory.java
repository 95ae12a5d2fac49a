package org.tonearm.catalog;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;

/**
 * A folder whose files copied in from another folder are hard links to them: adding whole segments to an index
 * ({@code IndexWriter.addIndexes}) then writes nothing. Where the file system cannot link (another device, no
 * support), the file is copied.
 */
final class LinkingDirectory extends FilterDirectory {
    LinkingDirectory(FSDirectory in) {
        super(in);
    }

    @Override
    public void copyFrom(Directory from, String src, String dest, IOContext context) throws IOException {
        if (FilterDirectory.unwrap(from) instanceof FSDirectory source) {
            Path target = ((FSDirectory) getDelegate()).getDirectory().resolve(dest);
            try {
                Files.createLink(target, source.getDirectory().resolve(src));
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException e) {
                // not linkable here: copy
            }
        }
        super.copyFrom(from, src, dest, context);
    }
}
