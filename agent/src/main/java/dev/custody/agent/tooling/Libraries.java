package dev.custody.agent.tooling;

import dev.custody.agent.cache.CacheFiles;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Map;

/**
 * Byte Buddy, ASM and Prometheus live in a jar nested in the agent jar ({@code META-INF/custody/libs.jar}) and join
 * the application class path only when first needed: a cache miss, an attach or a command-line tool.
 */
public final class Libraries {
    /*
     * Design. The JVM opens the agent jar at every -javaagent start and reads the whole of its central directory,
     * interpreted, before premain runs: about 2 µs an entry, and the libraries were 4,259 of the jar's 4,473 entries
     * (docs/agent.md, "The jar"). A warm start replays the transformation cache and never touches them. Every path
     * to a class that mentions them (ByteBuddySetup, Rules) calls require() first; the JVM resolves a class's
     * references when they first run, and those classes are linked only then, so that is early enough.
     */
    private static Instrumentation instrumentation;
    private static Path cacheRoot;
    private static boolean writeCache;
    private static boolean appended;

    private Libraries() {}

    /**
     * Remembers how {@link #require()} appends the libraries.
     *
     * @param inst the JVM's instrumentation
     * @param cache the transformation cache's directory, where the nested jar is extracted once; null
     *     ({@code cache=off}) uses an extraction already in the default directory, else extracts into a temporary
     *     directory on each run
     */
    static synchronized void use(Instrumentation inst, Path cache) {
        instrumentation = inst;
        writeCache = cache != null;
        cacheRoot = cache != null ? cache : defaultCache();
    }

    /**
     * Appends the libraries to the application class path now (the command line's Launcher-Agent-Class), extracted
     * into the default cache directory.
     *
     * @param inst the JVM's instrumentation
     * @throws IllegalStateException if the nested jar cannot be extracted or opened
     */
    public static synchronized void append(Instrumentation inst) {
        use(inst, defaultCache());
        require();
    }

    /**
     * Makes the libraries reachable, once; does nothing when the agent runs from a class directory (its own
     * tests), where they are on the class path already, or without an instrumentation.
     *
     * @throws IllegalStateException if the nested jar cannot be extracted or opened
     */
    static synchronized void require() {
        if (appended || instrumentation == null) {
            return;
        }
        AgentJar jar = AgentJar.locate();
        if (jar != null) {
            try {
                instrumentation.appendToSystemClassLoaderSearch(jar.libs(cacheRoot, writeCache));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot put the agent's libraries (" + AgentJar.LIBS + " of " + jar.path()
                                + ") on the class path: " + e + "; check that the cache directory or "
                                + System.getProperty("java.io.tmpdir") + " can be written",
                        e);
            }
        }
        appended = true;
    }

    /**
     * Returns the class files of the agent's bootstrap package by binary name, read from the agent jar, for the boot
     * class loader.
     *
     * @return the classes' bytes
     * @throws IOException if the agent does not run from its jar (its own tests) or the jar cannot be read
     */
    public static Map<String, byte[]> bootstrapClasses() throws IOException {
        AgentJar jar = AgentJar.locate();
        if (jar == null) {
            throw new IOException("the agent runs from a class directory, not from custody-agent.jar; build the jar"
                    + " with mvn package and use it with -javaagent");
        }
        return jar.bootstrapClasses();
    }

    private static Path defaultCache() {
        return CacheFiles.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }
}
