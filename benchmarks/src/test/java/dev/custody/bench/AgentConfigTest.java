package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void parse_subset_keepsTableOrderOfTheList() {
        assertThat(AgentConfig.parse("none, STACKS,track").stream().map(AgentConfig::name))
                .containsExactly("none", "stacks", "track");
    }

    @Test
    void parse_withoutNone_throwsAskingForTheBaseline() {
        assertThatThrownBy(() -> AgentConfig.parse("count,track"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks 'none'");
    }

    @Test
    void parse_unknownName_throwsNamingIt() {
        assertThatThrownBy(() -> AgentConfig.parse("none,verbose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'verbose' is not a configuration");
    }

    @Test
    void jvmArgs_none_hasNoAgent() {
        assertThat(AgentConfig.parse("none").get(0).jvmArgs(Path.of("a.jar")))
                .noneMatch(a -> a.startsWith("-javaagent"));
    }

    @Test
    void jvmArgs_stacks_passesLevelAndSampleToTheAgent() {
        AgentConfig stacks = AgentConfig.parse("none,stacks").get(1);

        assertThat(stacks.jvmArgs(Path.of("/x/custody-agent.jar")))
                .contains("-javaagent:/x/custody-agent.jar=level=stacks,sample=128,report=none");
    }

    @Test
    void jvmArgs_advice_runsTheAgentAtTrack_andAsksTheForkToDropEvents() {
        AgentConfig advice = AgentConfig.parse("none,advice").get(1);

        assertThat(advice.jvmArgs(Path.of("/x/custody-agent.jar")))
                .contains("-javaagent:/x/custody-agent.jar=level=track,report=none")
                .contains("-D" + EventsDropped.PROPERTY + "=true");
        assertThat(advice.hasTarget()).isFalse();
    }

    @Test
    void jvmArgs_track_doesNotDropEvents() {
        assertThat(AgentConfig.parse("none,track").get(1).jvmArgs(Path.of("a.jar")))
                .noneMatch(a -> a.contains(EventsDropped.PROPERTY));
    }
}
