package dev.custody.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts {@code dev.custody.agent.bootstrap} on the bootstrap class path, so that advice inlined into JDK
 * classes (a rules file naming {@code java.io.FileInputStream}) can call it. Extracts that package from the
 * agent jar into a small temporary jar; must run before any bootstrap class is loaded from the agent jar.
 */
final class BootstrapJar {
    private static final String PACKAGE = "dev/custody/agent/bootstrap/";

    private BootstrapJar() {}

    static void append(Instrumentation inst) {
        try {
            Path agent = Path.of(CustodyAgent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path jar = Files.createTempFile("custody-bootstrap", ".jar");
            jar.toFile().deleteOnExit();
            try (JarFile in = new JarFile(agent.toFile());
                    OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().startsWith(PACKAGE) && e.getName().endsWith(".class")) {
                        out.putNextEntry(new JarEntry(e.getName()));
                        try (InputStream bytes = in.getInputStream(e)) {
                            bytes.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot put the agent's bootstrap classes on the boot class path: " + e, e);
        }
    }
}
