package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The agent jar: one self-contained jar with only our packages (Byte Buddy relocated) and the manifest. */
class ShadedJarIT {
    @Test
    void agentJar_holdsOnlyOurPackagesAndMetaInf() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .toList();

            assertThat(names)
                    .allMatch(n -> n.startsWith("dev/custody/") || n.startsWith("META-INF/") || n.equals("dev/"))
                    .contains("dev/custody/agent/shaded/net/bytebuddy/agent/builder/AgentBuilder.class")
                    .contains("dev/custody/agent/CustodyAgent.class")
                    .noneMatch(n -> n.startsWith("dev/custody/metal/"));
        }
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
