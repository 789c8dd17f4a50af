package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarTest {
    @TempDir
    Path dir;

    @Test
    void libs_isExtractedOnceIntoTheCacheDirectory() throws IOException {
        byte[] libs = "the nested libraries".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AgentJar jar = new AgentJar(agentJar(libs));
        Path cache = dir.resolve("cache");

        Path first = jar.libs(cache, true);
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        Path second = new AgentJar(jar.path()).libs(cache, true);

        assertThat(first).startsWith(cache).hasFileName("libs.jar").hasBinaryContent(libs);
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
        byte[] libs = {1, 2, 3};
        Path extracted = new AgentJar(agentJar(libs)).libs(null, true);

        assertThat(extracted).hasBinaryContent(libs);
        assertThat(extracted.startsWith(dir)).isFalse();
        assertThat(extracted.getParent().getFileName().toString()).startsWith("custody-jars");
    }

    @Test
    void libs_aRebuiltAgentJar_getsItsOwnDirectory() throws IOException {
        Path cache = dir.resolve("cache");
        Path agent = agentJar(new byte[] {1});
        Path before = new AgentJar(agent).libs(cache, true);
        agentJar(new byte[] {2, 2});
        Files.setLastModifiedTime(
                agent, FileTime.fromMillis(Files.getLastModifiedTime(agent).toMillis() + 2000));

        Path after = new AgentJar(agent).libs(cache, true);

        assertThat(after.getParent()).isNotEqualTo(before.getParent());
        assertThat(after).hasBinaryContent(new byte[] {2, 2});
    }

    @Test
    void libs_keepsOnlyTheNewestExtractedBuilds() throws IOException {
        Path cache = dir.resolve("cache");
        for (int i = 0; i < AgentJar.KEEP + 2; i++) {
            Path old = Files.createDirectories(cache.resolve("jars-old" + i));
            Files.writeString(old.resolve("libs.jar"), "old");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1000L * i));
        }

        Path extracted = new AgentJar(agentJar(new byte[] {1})).libs(cache, true);

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
        Path agent = agentJar(new byte[] {7});
        Path extracted = new AgentJar(agent).libs(cache, true);

        Path reused = new AgentJar(agent).libs(cache, false);
        Files.delete(extracted);
        Path temporary = new AgentJar(agent).libs(cache, false);

        assertThat(reused).isEqualTo(extracted);
        assertThat(temporary.startsWith(cache)).isFalse();
        assertThat(temporary).hasBinaryContent(new byte[] {7});
        assertThat(extracted).doesNotExist();
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
    void locate_fromAClassDirectory_isNull() {
        // The agent module's tests run from target/classes, where nothing is nested.
        assertThat(AgentJar.locate()).isNull();
    }

    private Path agentJar(byte[] libs) throws IOException {
        Path agent = dir.resolve("custody-agent.jar");
        try (OutputStream file = Files.newOutputStream(agent);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(AgentJar.LIBS));
            out.write(libs);
            out.closeEntry();
        }
        return agent;
    }
}
