package org.tonearm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** The engine behind {@link EachDatabase}: one invocation per database, each with its own fresh store and data folder. */
public final class EachDatabaseExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Store.Kind.SQLITE, Store.Kind.POSTGRES).map(Invocation::new);
    }

    /** Opens a fresh store of the given kind in {@code dataDir}. */
    public static Store open(Store.Kind kind, Path dataDir) {
        String url = kind == Store.Kind.SQLITE ? "" : EmbeddedPostgresServer.freshDatabaseUrl();
        return Store.open(new StoreConfig(url, dataDir, 8));
    }

    private record Invocation(Store.Kind kind) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return kind == Store.Kind.SQLITE ? "SQLite" : "PostgreSQL";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resources(kind));
        }
    }

    private static final class Resources implements ParameterResolver, AfterEachCallback {
        private final Store.Kind kind;
        private Path dataDir;
        private Store store;

        Resources(Store.Kind kind) {
            this.kind = kind;
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            Class<?> t = p.getParameter().getType();
            return t == Store.class || t == Path.class || t == Store.Kind.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            Class<?> t = p.getParameter().getType();
            if (t == Store.Kind.class) {
                return kind;
            }
            if (t == Path.class) {
                return dataDir();
            }
            if (store == null) {
                store = open(kind, dataDir());
            }
            return store;
        }

        private Path dataDir() {
            if (dataDir == null) {
                try {
                    dataDir = Files.createTempDirectory("tonearm-store-test");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return dataDir;
        }

        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            if (store != null) {
                store.close();
            }
            if (dataDir != null) {
                try (Stream<Path> walk = Files.walk(dataDir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
