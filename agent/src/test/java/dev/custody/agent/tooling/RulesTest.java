package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void typeMatcher_matchesTheClassesTheRulesName() {
        Rules rules = Rules.of(RulesFile.parse(
                "r",
                List.of(
                        "# resources",
                        "",
                        "acquire java.io.FileInputStream.<init>   # constructors",
                        "release java.io.FileInputStream.close")));

        assertThat(rules.isEmpty()).isFalse();
        assertThat(rules.typeMatcher().matches(TypeDescription.ForLoadedType.of(java.io.FileInputStream.class)))
                .isTrue();
        assertThat(rules.typeMatcher().matches(TypeDescription.ForLoadedType.of(String.class)))
                .isFalse();
    }
}
