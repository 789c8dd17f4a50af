package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.agent.cache.CacheFiles;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    private static final Properties NONE = new Properties();

    @Test
    void parse_nothing_givesDefaults() {
        AgentOptions o = AgentOptions.parse(null, NONE);

        assertThat(o.level()).isEqualTo(Level.TRACK);
        assertThat(o.sample()).isEqualTo(128);
        assertThat(o.reportAtExit()).isTrue();
        assertThat(o.jsonl()).isFalse();
        assertThat(o.strict()).isFalse();
        assertThat(o.failOnLeak()).isFalse();
        assertThat(o.server()).isNull();
    }

    @Test
    void cache_defaultsToTheUsersCacheDirectory_unlessGivenOrOff() {
        Path expected = CacheFiles.defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
        Properties viaProperty = new Properties();
        viaProperty.setProperty("custody.cache", "off");

        assertThat(AgentOptions.parse(null, NONE).cache()).isEqualTo(expected);
        assertThat(AgentOptions.defaults().cache()).isEqualTo(expected);
        assertThat(AgentOptions.parse("cache=/x/classes", NONE).cache()).isEqualTo(Path.of("/x/classes"));
        assertThat(AgentOptions.parse("cache=off", NONE).cache()).isNull();
        assertThat(AgentOptions.parse(null, viaProperty).cache()).isNull();
        assertThat(AgentOptions.parse("cache=/x/classes", viaProperty).cache())
                .as("arguments override properties")
                .isEqualTo(Path.of("/x/classes"));
    }

    @Test
    void parse_everyKey_setsIt() {
        AgentOptions o = AgentOptions.parse(
                "level=stacks,sample=16,rules=r.txt,report=none,out=rep.txt,format=jsonl,server=unix:/tmp/c.sock,"
                        + "strict=true,failOnLeak=true",
                NONE);

        assertThat(o.level()).isEqualTo(Level.STACKS);
        assertThat(o.sample()).isEqualTo(16);
        assertThat(o.rules()).isEqualTo(Path.of("r.txt"));
        assertThat(o.reportAtExit()).isFalse();
        assertThat(o.out()).isEqualTo(Path.of("rep.txt"));
        assertThat(o.jsonl()).isTrue();
        assertThat(o.server()).isEqualTo(Path.of("/tmp/c.sock"));
        assertThat(o.strict()).isTrue();
        assertThat(o.failOnLeak()).isTrue();
    }

    @Test
    void parse_systemProperty_usedAndOverriddenByArguments() {
        Properties system = new Properties();
        system.setProperty("custody.level", "paranoid");
        system.setProperty("custody.strict", "true");
        system.setProperty("unrelated.key", "x");

        AgentOptions o = AgentOptions.parse("level=count", system);

        assertThat(o.level()).isEqualTo(Level.COUNT);
        assertThat(o.strict()).isTrue();
    }

    @Test
    void parse_unknownKey_rejectedWithUsage() {
        assertThatThrownBy(() -> AgentOptions.parse("levl=track", NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'levl'")
                .hasMessageContaining(AgentOptions.USAGE);
    }

    @Test
    void parse_unknownSystemPropertyKey_rejected() {
        Properties system = new Properties();
        system.setProperty("custody.colour", "red");

        assertThatThrownBy(() -> AgentOptions.parse("", system)).hasMessageContaining("unknown option 'colour'");
    }

    @Test
    void parse_badValues_rejectedNamingTheRule() {
        assertThatThrownBy(() -> AgentOptions.parse("level=loud", NONE))
                .hasMessageContaining("level=loud is not one of off, count, track, stacks, paranoid");
        assertThatThrownBy(() -> AgentOptions.parse("sample=0", NONE))
                .hasMessageContaining("sample=0 must be a whole number of at least 1");
        assertThatThrownBy(() -> AgentOptions.parse("server=/tmp/x", NONE)).hasMessageContaining("must be unix:PATH");
        assertThatThrownBy(() -> AgentOptions.parse("strict=yes", NONE))
                .hasMessageContaining("strict=yes is not true or false");
        assertThatThrownBy(() -> AgentOptions.parse("format=xml", NONE))
                .hasMessageContaining("format=xml is not text or jsonl");
        assertThatThrownBy(() -> AgentOptions.parse("strict", NONE)).hasMessageContaining("'strict' is not KEY=VALUE");
    }

    @Test
    void usage_namesEveryKey() {
        assertThat(AgentOptions.USAGE)
                .contains("level=off|count|track|stacks|paranoid", "sample=N", "rules=FILE", "report=exit|none")
                .contains(
                        "out=FILE",
                        "format=text|jsonl",
                        "server=unix:PATH",
                        "strict=true|false",
                        "failOnLeak=true|false");
    }
}
