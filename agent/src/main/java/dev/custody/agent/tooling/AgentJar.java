package dev.custody.agent.tooling;

import dev.custody.agent.cache.CacheFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The agent jar, the jar nested in it as {@code META-INF/custody/libs.jar} (Byte Buddy, ASM and Prometheus,
 * relocated), and the class files of its bootstrap package, which a rules file naming JDK classes defines in the boot
 * class loader. A class loader opens only files, so {@code libs.jar} is written once per agent build into {@code
 * jars-<size>-<mtime>/} of the transformation cache's directory ({@code cache=DIR}, by default {@code
 * $XDG_CACHE_HOME/custody} or {@code ~/.cache/custody}). With {@code cache=off} a file already in the default directory
 * is used but nothing is written there; otherwise, and when the directory cannot be written, the jar goes to a
 * temporary directory deleted at exit.
 */
final class AgentJar {
    /*
     * Design. Two JVMs may start at the same moment: each extracts into a temporary file in the target directory
     * and renames it atomically, so a reader sees either nothing or a whole jar, and the loser's rename replaces an
     * identical file. The directory name carries the agent jar's size and modification time (a rebuilt agent gets
     * a new directory).
     */
    /** How many extracted agent builds the cache directory keeps (this one included). */
    static final int KEEP = 4;

    static final String LIBS = "META-INF/custody/libs.jar";
    private static final String LIBS_NAME = "libs.jar";
    private static final String CLASS = ".class";
    /** The package advice calls, as entries of the agent jar. */
    static final String BOOTSTRAP_PACKAGE = "dev/custody/agent/bootstrap/";

    private final Path jar;
    private Path temporary;

    AgentJar(Path jar) {
        this.jar = jar;
    }

    /**
     * Returns the jar that holds this class, or null when the agent runs from a class directory (the agent
     * module's own tests), where nothing is nested and the libraries are on the class path already.
     *
     * @throws IllegalStateException if the code source cannot be read
     */
    static AgentJar locate() {
        Path path;
        try {
            path = Path.of(AgentJar.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the agent jar from the code source of AgentJar: " + e, e);
        }
        return Files.isRegularFile(path) ? new AgentJar(path) : null;
    }

    /** Returns the agent jar's path. */
    Path path() {
        return jar;
    }

    /**
     * Returns the nested {@link #LIBS}, extracted and opened. An extraction that does not open as a jar (a disk that
     * filled up, a file someone edited) is replaced, or passed over for a temporary copy when it may not be written.
     *
     * @param cacheRoot the cache directory, or null when there is none
     * @param write whether the extraction may be written to {@code cacheRoot} (false: only an existing one is used)
     * @return the opened jar
     * @throws IOException if the agent jar lacks the entry (a build without the nested jar) or neither the cache
     *     directory nor a temporary directory can be written
     */
    synchronized JarFile libs(Path cacheRoot, boolean write) throws IOException {
        return made(LIBS_NAME, cacheRoot, write);
    }

    /**
     * Returns the class files of the agent's {@link #BOOTSTRAP_PACKAGE} (its {@code package-info} aside) by binary
     * name, in the jar's order.
     *
     * @return the classes' bytes
     * @throws IOException if the agent jar cannot be read or holds no class of the package (a build without it)
     */
    Map<String, byte[]> bootstrapClasses() throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile agent = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = agent.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (name.startsWith(BOOTSTRAP_PACKAGE)
                        && name.endsWith(CLASS)
                        && !name.endsWith("/package-info" + CLASS)) {
                    try (InputStream bytes = agent.getInputStream(e)) {
                        classes.put(
                                name.substring(0, name.length() - CLASS.length())
                                        .replace('/', '.'),
                                bytes.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException(
                    jar + " has no classes in " + BOOTSTRAP_PACKAGE + "; rebuild the agent with mvn package");
        }
        return classes;
    }

    private JarFile made(String name, Path cacheRoot, boolean write) throws IOException {
        IOException failure = null;
        Path cached =
                cacheRoot == null ? null : cacheRoot.resolve(jarsDirectory()).resolve(name);
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return new JarFile(cached.toFile());
            } catch (IOException damaged) {
                failure = damaged;
            }
        }
        if (cached != null && write) {
            try {
                Files.createDirectories(cached.getParent());
                extract(cached);
                // Each rebuilt agent jar extracts into a new directory.
                CacheFiles.prune(cacheRoot, "jars-*", cached.getParent(), KEEP);
                return new JarFile(cached.toFile());
            } catch (IOException e) {
                failure = suppressing(e, failure);
            }
        }
        try {
            if (temporary == null) {
                temporary = Files.createTempDirectory("custody-jars");
                temporary.toFile().deleteOnExit();
            }
            Path file = temporary.resolve(name);
            if (!Files.isRegularFile(file)) {
                extract(file);
                file.toFile().deleteOnExit();
            }
            return new JarFile(file.toFile());
        } catch (IOException e) {
            throw suppressing(e, failure);
        }
    }

    private static IOException suppressing(IOException e, IOException earlier) {
        if (earlier != null) {
            e.addSuppressed(earlier);
        }
        return e;
    }

    private String jarsDirectory() throws IOException {
        return "jars-" + Long.toHexString(Files.size(jar)) + "-"
                + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
    }

    /** Writes {@code target}, the nested libs.jar, through a partial file renamed over it. */
    private void extract(Path target) throws IOException {
        Path partial =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (JarFile agent = new JarFile(jar.toFile(), false)) {
            ZipEntry e = agent.getEntry(LIBS);
            if (e == null) {
                throw new IOException(jar + " has no " + LIBS + "; rebuild the agent with mvn package");
            }
            try (InputStream in = agent.getInputStream(e)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            CacheFiles.moveInto(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
