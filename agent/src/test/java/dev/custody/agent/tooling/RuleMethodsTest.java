package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleMethodsTest {
    static class Lease {
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

    /** Inherits its predicates from Lease. */
    static final class SubLease extends Lease {
        SubLease(Lease owner) {
            super(owner, true);
        }
    }

    private static RuleMethods rules(String... lines) {
        return new RuleMethods(RulesFile.parse("r", List.of(lines)));
    }

    @Test
    void predicates_callTheNamedMethods_ofTheClassOrASuperclass() {
        String type = Lease.class.getName();
        RuleMethods rules = rules("owns " + type + ".holds", "owner " + type + ".owner");
        Lease root = new Lease(null, true);
        Lease alias = new Lease(root, true);

        assertThat(rules.owns(new Lease(null, false))).isFalse();
        assertThat(rules.owns(root)).isTrue();
        assertThat(rules.owner(alias)).isSameAs(root);
        assertThat(rules.owner(new SubLease(root))).isSameAs(root);
        assertThat(rules.owner("not a lease")).isNull();
        assertThat(rules.owns("not a lease")).isTrue();
    }

    @Test
    void noPredicateRules_everythingOwnsAndNothingHasAnOwner() {
        RuleMethods rules = rules("acquire java.io.FileInputStream.<init>");

        assertThat(rules.owns(new Lease(null, false))).isTrue();
        assertThat(rules.owner(new Lease(null, false))).isNull();
    }

    @Test
    void namedMethodMissing_failsNamingIt() {
        RuleMethods rules = rules("owns " + Lease.class.getName() + ".isHeld");

        assertThatThrownBy(() -> rules.owns(new Lease(null, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no method isHeld() without arguments");
    }
}
