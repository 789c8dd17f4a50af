package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessIdsTest {
    @Test
    void current_isThisProcessId_asProcessHandleReportsIt() {
        assertThat(ProcessIds.current()).isEqualTo(ProcessHandle.current().pid());
    }
}
