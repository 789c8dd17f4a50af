package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarTest {
    @TempDir
    Path dir;

    @Test
    void libs_isExtractedOnceIntoTheCacheDirectory() throws IOException {
        AgentJar jar = new AgentJar(agentJar("first"));
        Path cache = dir.resolve("cache");

        Path first = opened(jar.libs(cache, true));
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        Path second = opened(new AgentJar(jar.path()).libs(cache, true));

        assertThat(first).startsWith(cache).hasFileName("libs.jar");
        assertThat(marker(first)).isEqualTo("first");
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis())
                .as("a second JVM reuses the extracted file")
                .isZero();
        try (var files = Files.list(first.getParent())) {
            assertThat(files).as("no partial file is left behind").containsExactly(first);
        }
    }

    @Test
    void libs_withoutACacheDirectory_goesToATemporaryDirectory() throws IOException {
        Path extracted = opened(new AgentJar(agentJar("temporary")).libs(null, true));

        assertThat(marker(extracted)).isEqualTo("temporary");
        assertThat(extracted.startsWith(dir)).isFalse();
        assertThat(extracted.getParent().getFileName().toString()).startsWith("custody-jars");
    }

    @Test
    void libs_aRebuiltAgentJar_getsItsOwnDirectory() throws IOException {
        Path cache = dir.resolve("cache");
        Path agent = agentJar("before");
        Path before = opened(new AgentJar(agent).libs(cache, true));
        agentJar("after, rebuilt");
        Files.setLastModifiedTime(
                agent, FileTime.fromMillis(Files.getLastModifiedTime(agent).toMillis() + 2000));

        Path after = opened(new AgentJar(agent).libs(cache, true));

        assertThat(after.getParent()).isNotEqualTo(before.getParent());
        assertThat(marker(after)).isEqualTo("after, rebuilt");
    }

    @Test
    void libs_keepsOnlyTheNewestExtractedBuilds() throws IOException {
        Path cache = dir.resolve("cache");
        for (int i = 0; i < AgentJar.KEEP + 2; i++) {
            Path old = Files.createDirectories(cache.resolve("jars-old" + i));
            Files.writeString(old.resolve("libs.jar"), "old");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1000L * i));
        }

        Path extracted = opened(new AgentJar(agentJar("new")).libs(cache, true));

        try (var dirs = Files.list(cache)) {
            assertThat(dirs.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            extracted.getParent().getFileName().toString(),
                            "jars-old" + (AgentJar.KEEP + 1),
                            "jars-old" + AgentJar.KEEP,
                            "jars-old" + (AgentJar.KEEP - 1));
        }
    }

    @Test
    void libs_withoutWriting_usesAnExistingExtractionButWritesNone() throws IOException {
        Path cache = dir.resolve("cache");
        Path agent = agentJar("shared");
        Path extracted = opened(new AgentJar(agent).libs(cache, true));

        Path reused = opened(new AgentJar(agent).libs(cache, false));
        Files.delete(extracted);
        Path temporary = opened(new AgentJar(agent).libs(cache, false));

        assertThat(reused).isEqualTo(extracted);
        assertThat(temporary.startsWith(cache)).isFalse();
        assertThat(marker(temporary)).isEqualTo("shared");
        assertThat(extracted).doesNotExist();
    }

    @Test
    void libs_aDamagedExtraction_isReplaced() throws IOException {
        Path cache = dir.resolve("cache");
        Path agent = agentJar("whole");
        Path extracted = opened(new AgentJar(agent).libs(cache, true));
        Files.writeString(extracted, "half a jar");

        Path replaced = opened(new AgentJar(agent).libs(cache, true));
        String replacedMarker = marker(replaced);
        Files.writeString(extracted, "half a jar again");
        Path passedOver = opened(new AgentJar(agent).libs(cache, false));

        assertThat(replaced).isEqualTo(extracted);
        assertThat(replacedMarker).isEqualTo("whole");
        assertThat(passedOver).isNotEqualTo(extracted);
        assertThat(marker(passedOver)).isEqualTo("whole");
        assertThat(extracted).hasContent("half a jar again");
    }

    @Test
    void libs_missingEntry_namesTheJarAndWhatToDo() throws IOException {
        Path agent = dir.resolve("empty-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(agent))) {
            out.putNextEntry(new JarEntry("dev/"));
        }

        assertThatThrownBy(() -> new AgentJar(agent).libs(dir.resolve("cache"), true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(agent.toString())
                .hasMessageContaining("META-INF/custody/libs.jar")
                .hasMessageContaining("mvn package");
    }

    @Test
    void bootstrapClasses_areThePackagesClassFilesByBinaryName_nothingWritten() throws IOException {
        Path agent = agentJar("with bootstrap");

        Map<String, byte[]> classes = new AgentJar(agent).bootstrapClasses();

        // Not its package-info, not a non-class file in it, not a class of another package.
        assertThat(classes.keySet())
                .containsExactly("dev.custody.agent.bootstrap.Custody", "dev.custody.agent.bootstrap.Sites$NoCheck");
        assertThat(new String(classes.get("dev.custody.agent.bootstrap.Sites$NoCheck"), StandardCharsets.UTF_8))
                .isEqualTo("Sites$NoCheck bytes");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no jar is made for the boot loader").containsExactly(agent);
        }
    }

    @Test
    void bootstrap_agentJarWithoutThePackage_namesTheJarAndWhatToDo() throws IOException {
        Path agent = dir.resolve("empty-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(agent))) {
            out.putNextEntry(new JarEntry("dev/custody/agent/Other.class"));
        }

        assertThatThrownBy(() -> new AgentJar(agent).bootstrapClasses())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(agent.toString())
                .hasMessageContaining("dev/custody/agent/bootstrap/")
                .hasMessageContaining("mvn package");
    }

    @Test
    void locate_fromAClassDirectory_isNull() {
        // The agent module's tests run from target/classes, where nothing is nested.
        assertThat(AgentJar.locate()).isNull();
    }

    /** Closes the jar and returns its file. */
    private static Path opened(JarFile jar) throws IOException {
        try (jar) {
            return Path.of(jar.getName());
        }
    }

    /** The text of the nested jar's one entry, which tells the builds apart. */
    private static String marker(Path libs) throws IOException {
        try (JarFile jar = new JarFile(libs.toFile())) {
            return new String(jar.getInputStream(jar.getEntry("marker")).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes the agent jar {@code dir/custody-agent.jar}, whose nested libraries hold one entry, {@code marker}, with
     * two classes of the bootstrap package, its package-info, a non-class file in it, and a class of another package.
     */
    private Path agentJar(String marker) throws IOException {
        ByteArrayOutputStream libs = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(libs)) {
            out.putNextEntry(new JarEntry("marker"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
        }
        Path agent = dir.resolve("custody-agent.jar");
        try (OutputStream file = Files.newOutputStream(agent);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(AgentJar.LIBS));
            out.write(libs.toByteArray());
            out.closeEntry();
            for (String name :
                    new String[] {"Custody.class", "Sites$NoCheck.class", "package-info.class", "package-notes.txt"}) {
                out.putNextEntry(new JarEntry(AgentJar.BOOTSTRAP_PACKAGE + name));
                out.write((name.replace(".class", "") + " bytes").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("dev/custody/agent/ledger/Ledger.class"));
            out.closeEntry();
        }
        return agent;
    }
}
