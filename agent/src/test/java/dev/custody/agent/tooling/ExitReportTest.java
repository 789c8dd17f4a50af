package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitReportTest {
    @Test
    void pid_isThisProcessId_asTheReportsHeaderShowsIt() {
        assertThat(ExitReport.pid()).isEqualTo(ProcessHandle.current().pid());
    }
}
