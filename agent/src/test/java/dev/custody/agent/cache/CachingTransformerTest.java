package dev.custody.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingTransformerTest {
    private static final ClassLoader APP = CachingTransformerTest.class.getClassLoader();
    private static final byte[] CALLER =
            "CAFEBABE...dev/custody/metal/buffer/Buffer...".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNRELATED = "CAFEBABE...java/lang/String...".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    /** This test's error log (AgentErrors is global: other tests read it). */
    private static final class Errors implements CachingTransformer.ErrorLog {
        final List<String> recorded = new java.util.ArrayList<>();

        @Override
        public synchronized long count() {
            return recorded.size();
        }

        @Override
        public synchronized void record(String className, Throwable error) {
            recorded.add(className + ": " + error.getMessage());
        }
    }

    private final Errors errors = new Errors();

    /** Stands in for Byte Buddy: appends a marker byte, counts its calls, reports errors as its listener would. */
    private final class Engine implements ClassFileTransformer {
        final AtomicInteger calls = new AtomicInteger();

        Engine() {
            built.incrementAndGet();
        }

        @Override
        public byte[] transform(
                Module module,
                ClassLoader loader,
                String className,
                Class<?> redefined,
                ProtectionDomain domain,
                byte[] bytes) {
            calls.incrementAndGet();
            if (className.endsWith("Broken")) {
                errors.record(className, new IllegalStateException("cannot"));
                return null;
            }
            if (className.endsWith("Throws")) {
                throw new IllegalStateException("engine failure");
            }
            byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            out[bytes.length] = 42;
            return out;
        }
    }

    private final AtomicInteger built = new AtomicInteger();
    private Engine engine;

    private CachingTransformer transformer(TransformCache cache) {
        return new CachingTransformer(
                cache,
                () -> {
                    engine = new Engine();
                    return engine;
                },
                List.of("java/", "dev/custody/agent/"),
                errors);
    }

    private static byte[] load(CachingTransformer t, String name, byte[] bytes) {
        return t.transform(null, APP, name, null, null, bytes);
    }

    @Test
    void miss_asksTheEngineOnce_thenTheCacheAnswers() {
        TransformCache cache = TransformCache.open(dir.resolve("c.bin"));
        CachingTransformer t = transformer(cache);

        byte[] first = load(t, "app/Main", CALLER);
        byte[] second = load(t, "app/Main", CALLER);

        assertThat(first).hasSize(CALLER.length + 1).endsWith(42);
        assertThat(second).isEqualTo(first).isNotSameAs(first);
        assertThat(engine.calls).hasValue(1);
        assertThat(t.hits()).isOne();
        assertThat(t.misses()).isOne();
        assertThat(cache.changed()).isTrue();
    }

    @Test
    void savedCache_servesTheNextRunWithoutBuildingTheEngine() throws Exception {
        TransformCache cache = TransformCache.open(dir.resolve("c.bin"));
        byte[] made = load(transformer(cache), "app/Main", CALLER);
        cache.save(new String[] {"?"});
        built.set(0);

        CachingTransformer next = transformer(TransformCache.open(dir.resolve("c.bin")));

        assertThat(load(next, "app/Main", CALLER)).isEqualTo(made);
        assertThat(built).hasValue(0);
        assertThat(next.engineStarted()).isFalse();
    }

    @Test
    void classesThatNeverMentionThePort_orAreIgnored_neverBuildTheEngine() {
        CachingTransformer t = transformer(TransformCache.open(dir.resolve("c.bin")));

        assertThat(load(t, "app/Util", UNRELATED)).isNull();
        assertThat(load(t, "java/lang/Thing", CALLER)).isNull();
        assertThat(load(t, "dev/custody/agent/ledger/Ledger", CALLER)).isNull();
        assertThat(t.transform(null, null, "app/BootLoaded", null, null, CALLER))
                .isNull();
        assertThat(built).hasValue(0);
    }

    @Test
    void portClasses_areAlwaysLookedUp_evenIfTheirBytesDoNotSpellThePackage() {
        CachingTransformer t = transformer(TransformCache.open(dir.resolve("c.bin")));

        assertThat(load(t, "dev/custody/metal/buffer/Buffer", UNRELATED)).endsWith(42);
    }

    @Test
    void failedTransformation_isNotCached_soTheNextRunRetriesAndReportsIt() {
        TransformCache cache = TransformCache.open(dir.resolve("c.bin"));
        CachingTransformer t = transformer(cache);

        assertThat(load(t, "app/Broken", CALLER)).isNull();
        assertThat(load(t, "app/Broken", CALLER)).isNull();

        assertThat(engine.calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void engineException_neverReachesClassLoading_andIsCounted() {
        CachingTransformer t = transformer(TransformCache.open(dir.resolve("c.bin")));

        assertThat(load(t, "app/Throws", CALLER)).isNull();

        assertThat(errors.recorded).containsExactly("app.Throws: engine failure");
    }

    @Test
    void contains_findsTheNeedleAnywhere_includingAtTheEnd() {
        byte[] port = "dev/custody/metal/".getBytes(StandardCharsets.US_ASCII);

        assertThat(CachingTransformer.contains("xxdev/custody/metal/".getBytes(StandardCharsets.US_ASCII), port))
                .isTrue();
        assertThat(CachingTransformer.contains("dev/custody/meta".getBytes(StandardCharsets.US_ASCII), port))
                .isFalse();
        assertThat(CachingTransformer.contains("dev/custody/metaX/".getBytes(StandardCharsets.US_ASCII), port))
                .isFalse();
        assertThat(CachingTransformer.contains(new byte[0], port)).isFalse();
    }
}
