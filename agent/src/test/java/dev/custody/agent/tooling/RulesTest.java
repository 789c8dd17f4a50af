package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void parse_commentsAndBlankLinesIgnored_typesMatched() {
        Rules rules = Rules.parse(
                "r",
                List.of(
                        "# resources",
                        "",
                        "acquire java.io.FileInputStream.<init>   # constructors",
                        "release java.io.FileInputStream.close"));

        assertThat(rules.isEmpty()).isFalse();
        assertThat(rules.typeMatcher().matches(TypeDescription.ForLoadedType.of(java.io.FileInputStream.class)))
                .isTrue();
        assertThat(rules.typeMatcher().matches(TypeDescription.ForLoadedType.of(String.class)))
                .isFalse();
    }

    @Test
    void parse_badLines_rejectedWithFileAndLineNumber() {
        assertThatThrownBy(() -> Rules.parse("r.txt", List.of("", "grab java.io.File.open")))
                .hasMessage("custody: rules r.txt line 2: verb 'grab' is not acquire, release, owns or owner");
        assertThatThrownBy(() -> Rules.parse("r.txt", List.of("acquire FileInputStream")))
                .hasMessageContaining("line 1: 'FileInputStream' is not CLASS.METHOD");
        assertThatThrownBy(() -> Rules.parse("r.txt", List.of("release a.B.<init>")))
                .hasMessageContaining("only acquire may name constructors");
        assertThatThrownBy(() -> Rules.parse("r.txt", List.of("acquire a.B.c extra")))
                .hasMessageContaining("is not 'VERB CLASS.METHOD'");
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
        Rules rules = Rules.parse("r", List.of("owns " + type + ".holds", "owner " + type + ".owner"));
        Lease root = new Lease(null, true);
        Lease alias = new Lease(root, true);

        assertThat(rules.owns(new Lease(null, false))).isFalse();
        assertThat(rules.owns(root)).isTrue();
        assertThat(rules.owner(alias)).isSameAs(root);
        assertThat(rules.owner("not a lease")).isNull();
    }
}
