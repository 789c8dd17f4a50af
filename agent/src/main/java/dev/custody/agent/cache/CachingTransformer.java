package dev.custody.agent.cache;

import dev.custody.agent.bootstrap.AgentErrors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * The agent's class file transformer when the cache is on: replays cached transformations and asks Byte Buddy
 * (created on the first miss, never before) for the rest, remembering its answers.
 */
public final class CachingTransformer implements ClassFileTransformer {
    /*
     * Design. Three filters, cheapest first, keep the common case free: (1) classes of the boot loader, the JDK,
     * the agent and test harnesses, by name (the same list Byte Buddy's ignore matcher holds); (2) classes whose
     * bytes never mention the port's package: neither port types nor callers of the port, so nothing to do;
     * (3) the cache, by name, length and two checksums. A rules file adds its classes: they pass the first filter
     * even when they are the JDK's (as Byte Buddy's ignore matcher lets them through), and a class that mentions one
     * passes the second (it may call a rule's method: a call site). Only a miss reaches Byte Buddy, whose transformer is
     * built by the supplier under a lock the first time. This class must not reference Byte Buddy: loading it
     * would cost what the cache saves. A transformation that reported an error is not cached, so it is retried
     * (and reported) by the next run too.
     */
    private static final String PORT_PACKAGE = "dev/custody/metal/";
    private static final byte[] PORT = PORT_PACKAGE.getBytes(StandardCharsets.US_ASCII);

    /** Where transformation errors are counted: {@link AgentErrors} in the agent. */
    public interface ErrorLog {
        /** Returns the number of transformation errors so far (the engine's included). */
        long count();

        /** Records that {@code className} could not be transformed. */
        void record(String className, Throwable error);
    }

    /** The agent's error log: {@link AgentErrors}, which {@code strict=true} turns into a failed run. */
    public static final ErrorLog AGENT_ERRORS = new ErrorLog() {
        @Override
        public long count() {
            return AgentErrors.transformErrors();
        }

        @Override
        public void record(String className, Throwable error) {
            AgentErrors.recordTransform(className, error);
        }
    };

    private final TransformCache cache;
    private final Supplier<ClassFileTransformer> engineFactory;
    private final ErrorLog errors;
    // An array, not the List it is given as: every class the JVM loads passes here, most of them before anything is
    // compiled, and an interpreted List iterator costs several calls per prefix.
    private final String[] ignoredPrefixes;
    /** The internal names of the classes a rules file names (empty without one). */
    private final Set<String> ruleClasses;
    /** What a class file must contain to be worth a look: the port's package, and each rules class's name. */
    private final byte[][] needles;

    private final Object engineLock = new Object();
    private volatile ClassFileTransformer engine;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * Creates the transformer.
     *
     * @param cache the cache to replay from and add to
     * @param engineFactory builds the real (Byte Buddy) transformer; called at most once, on the first miss
     * @param ignoredPrefixes internal-name prefixes ({@code java/}, …) of classes never transformed
     * @param errors where errors are counted (the engine reports its own there too)
     */
    public CachingTransformer(
            TransformCache cache,
            Supplier<ClassFileTransformer> engineFactory,
            List<String> ignoredPrefixes,
            ErrorLog errors) {
        this(cache, engineFactory, ignoredPrefixes, List.of(), errors);
    }

    /**
     * Creates the transformer for a run with a rules file.
     *
     * @param cache the cache to replay from and add to
     * @param engineFactory builds the real (Byte Buddy) transformer, rules included; called at most once
     * @param ignoredPrefixes internal-name prefixes ({@code java/}, …) of classes never transformed, unless named by
     *     a rule
     * @param ruleClasses the internal names ({@code java/io/FileInputStream}) of the classes the rules name
     * @param errors where errors are counted (the engine reports its own there too)
     */
    public CachingTransformer(
            TransformCache cache,
            Supplier<ClassFileTransformer> engineFactory,
            List<String> ignoredPrefixes,
            List<String> ruleClasses,
            ErrorLog errors) {
        this.cache = cache;
        this.errors = errors;
        this.engineFactory = engineFactory;
        this.ignoredPrefixes = ignoredPrefixes.toArray(new String[0]);
        this.ruleClasses = new HashSet<>(ruleClasses);
        this.needles = new byte[1 + ruleClasses.size()][];
        needles[0] = PORT;
        for (int i = 0; i < ruleClasses.size(); i++) {
            needles[i + 1] = ruleClasses.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        boolean ruled = !ruleClasses.isEmpty() && ruleClasses.contains(className);
        if (!ruled && (loader == null || ignored(className))) {
            return null;
        }
        if (!ruled && !className.startsWith(PORT_PACKAGE) && !mentionsAny(classfileBuffer)) {
            return null;
        }
        try {
            int length = classfileBuffer.length;
            CRC32 c1 = new CRC32();
            c1.update(classfileBuffer);
            Adler32 c2 = new Adler32();
            c2.update(classfileBuffer);
            int crc32 = (int) c1.getValue();
            int adler32 = (int) c2.getValue();
            byte[] cached = cache.find(className, length, crc32, adler32);
            if (cached != null) {
                hits.incrementAndGet();
                return cached == TransformCache.UNTOUCHED ? null : cached;
            }
            misses.incrementAndGet();
            long errorsBefore = errors.count();
            byte[] out = engine().transform(
                            module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
            if (errors.count() == errorsBefore) {
                cache.put(className, length, crc32, adler32, out == null || out.length == 0 ? null : out);
            }
            return out;
        } catch (IllegalClassFormatException | RuntimeException | LinkageError e) {
            // Never break class loading: the class loads untransformed and the error counts (strict=true fails).
            errors.record(className.replace('/', '.'), e);
            return null;
        }
    }

    /** Returns how many classes were served from the cache. */
    public long hits() {
        return hits.get();
    }

    /** Returns how many classes needed Byte Buddy. */
    public long misses() {
        return misses.get();
    }

    /** Returns whether Byte Buddy was needed (and so loaded) in this run. */
    public boolean engineStarted() {
        return engine != null;
    }

    private ClassFileTransformer engine() {
        ClassFileTransformer e = engine;
        if (e == null) {
            synchronized (engineLock) {
                e = engine;
                if (e == null) {
                    e = engineFactory.get();
                    engine = e;
                }
            }
        }
        return e;
    }

    private boolean ignored(String internalName) {
        for (String prefix : ignoredPrefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean mentionsAny(byte[] bytes) {
        for (byte[] needle : needles) {
            if (contains(bytes, needle)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code bytes} contains {@code needle} (a non-empty byte string) anywhere, its last bytes included. */
    static boolean contains(byte[] bytes, byte[] needle) {
        byte first = needle[0];
        int last = bytes.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
