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

    static final class Lease {
        private final Lease owner;
        private final boolean holds;

        Lease(Lease owner, boolean holds) {
            this.owner = owner;
            this.holds = holds;
        }

        boolean holds() {
            return holds;
        }

        Lease owner() {
            return owner;
        }
    }

    @Test
    void predicates_callTheNamedMethods() {
        String type = Lease.class.getName();
        Rules rules = Rules.of(RulesFile.parse("r", List.of("owns " + type + ".holds", "owner " + type + ".owner")));
        Lease root = new Lease(null, true);
        Lease alias = new Lease(root, true);

        assertThat(rules.owns(new Lease(null, false))).isFalse();
        assertThat(rules.owns(root)).isTrue();
        assertThat(rules.owner(alias)).isSameAs(root);
        assertThat(rules.owner("not a lease")).isNull();
    }
}
