package dev.custody.agent;

import dev.custody.agent.tooling.Libraries;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * Puts {@code dev.custody.agent.bootstrap} on the bootstrap class path, so that advice inlined into JDK
 * classes (a rules file naming {@code java.io.FileInputStream}) can call it. The package is copied out of the agent
 * jar into a small jar once per agent build, kept next to the extracted libraries; must run before any bootstrap class
 * is loaded from the agent jar.
 */
final class BootstrapJar {
    private BootstrapJar() {}

    /**
     * Appends the bootstrap package's jar to the boot class path.
     *
     * @param inst the JVM's instrumentation
     * @param cache the transformation cache's directory ({@code cache=DIR}), or null for {@code cache=off}
     * @throws IllegalStateException if the jar cannot be made or opened
     */
    static void append(Instrumentation inst, Path cache) {
        try {
            inst.appendToBootstrapClassLoaderSearch(Libraries.bootstrap(cache));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot put the agent's bootstrap classes on the boot class path: " + e
                            + "; check that the cache directory or " + System.getProperty("java.io.tmpdir")
                            + " can be written",
                    e);
        }
    }
}
