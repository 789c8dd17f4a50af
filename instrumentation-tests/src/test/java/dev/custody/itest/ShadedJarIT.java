package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The agent jar: one self-contained jar with only our packages and the manifest, and nested in it the libraries
 * (Byte Buddy, ASM, Prometheus) relocated into our packages.
 */
class ShadedJarIT {
    @Test
    void agentJar_holdsOnlyOurPackagesAndMetaInf() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            List<String> names = names(jar);

            assertThat(names)
                    .allMatch(n -> n.startsWith("dev/custody/") || n.startsWith("META-INF/") || n.equals("dev/"))
                    .contains("dev/custody/agent/CustodyAgent.class", "META-INF/custody/libs.jar")
                    .noneMatch(n -> n.startsWith("dev/custody/metal/"))
                    .noneMatch(n -> n.startsWith("dev/custody/agent/shaded/"));
        }
    }

    @Test
    void agentJar_storesEveryEntryUncompressed_withTheManifestFirst() throws IOException {
        // Our classes load at every tracked start; stored, they are read without inflating (agent/pom.xml).
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            assertThat(Collections.list(jar.entries()))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED));
        }
        // JarInputStream finds the manifest only among the first entries; the rewrite must keep it there.
        try (JarInputStream in = new JarInputStream(Files.newInputStream(ForkedJvm.AGENT_JAR))) {
            assertThat(in.getManifest()).isNotNull();
            assertThat(in.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("dev.custody.agent.CustodyAgent");
        }
    }

    @Test
    void nestedLibraries_areRelocatedIntoOurPackages() throws IOException {
        Path libs = Files.createTempFile("custody-libs", ".jar");
        try (JarFile agent = new JarFile(ForkedJvm.AGENT_JAR.toFile());
                InputStream in = agent.getInputStream(agent.getEntry("META-INF/custody/libs.jar"))) {
            Files.copy(in, libs, StandardCopyOption.REPLACE_EXISTING);
        }
        try (JarFile jar = new JarFile(libs.toFile())) {
            assertThat(names(jar))
                    .allMatch(n -> n.startsWith("dev/custody/agent/shaded/")
                            || n.startsWith("META-INF/")
                            || n.equals("dev/")
                            || n.equals("dev/custody/")
                            || n.equals("dev/custody/agent/"))
                    .contains(
                            "dev/custody/agent/shaded/net/bytebuddy/agent/builder/AgentBuilder.class",
                            "dev/custody/agent/shaded/io/prometheus/metrics/exporter/httpserver/HTTPServer.class");
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release"))
                    .isEqualTo("true");
        } finally {
            Files.delete(libs);
        }
    }

    private static List<String> names(JarFile jar) {
        return Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
    }

    @Test
    void manifest_declaresEveryAgentEntryPoint() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();

            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.custody.agent.CustodyAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.custody.agent.CustodyAgent");
            assertThat(main.getValue("Launcher-Agent-Class")).isEqualTo("dev.custody.agent.LauncherAgent");
            assertThat(main.getValue("Main-Class")).isEqualTo("dev.custody.agent.cli.CustodyCli");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
        }
    }
}
