package dev.custody.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

// AgentErrors is JVM-wide and other tests of this JVM may have recorded errors first: each test compares with what
// was there before it.
class AgentErrorsTest {
    @Test
    void record_countsEveryError_andKeepsTheFirstOnly() {
        long before = AgentErrors.adviceErrors();
        Throwable earlier = AgentErrors.firstAdviceError();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        AgentErrors.record(first);
        AgentErrors.record(second);

        assertThat(AgentErrors.adviceErrors()).isEqualTo(before + 2);
        assertThat(AgentErrors.firstAdviceError()).isSameAs(earlier != null ? earlier : first);
    }

    @Test
    void recordTransform_countsEveryError_andNamesTheFirstClassWithItsError() {
        long before = AgentErrors.transformErrors();
        String earlier = AgentErrors.firstTransformError();

        AgentErrors.recordTransform("com.example.A", new IllegalArgumentException("bad A"));
        AgentErrors.recordTransform("com.example.B", new IllegalArgumentException("bad B"));

        assertThat(AgentErrors.transformErrors()).isEqualTo(before + 2);
        assertThat(AgentErrors.firstTransformError())
                .isEqualTo(earlier != null ? earlier : "com.example.A: java.lang.IllegalArgumentException: bad A");
    }
}
