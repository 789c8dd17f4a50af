package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallSitesTest {
    @Test
    void isRuntime_coversThePortsOwnHelpers_soTheirCallsNeverBecomeTheReportedSite() {
        assertThat(CallSites.isRuntime("dev.custody.metal.TtMetal")).isTrue();
        assertThat(CallSites.isRuntime("dev.custody.metal.BufferTransfer")).isTrue();
        assertThat(CallSites.isRuntime("dev.custody.metal.BufferPages")).isTrue();
        assertThat(CallSites.isRuntime("dev.custody.metal.MeshBufferTransfer")).isTrue();
        assertThat(CallSites.isRuntime("dev.custody.metal.buffer.Buffer")).isTrue();
        assertThat(CallSites.isRuntime("dev.custody.metal.program.Program")).isTrue();
    }

    @Test
    void isRuntime_excludesTheDemoAndTheCommandLine_whichAreApplicationCode() {
        assertThat(CallSites.isRuntime("dev.custody.metal.llama.Decoder")).isFalse();
        assertThat(CallSites.isRuntime("dev.custody.metal.Main")).isFalse();
        assertThat(CallSites.isRuntime("com.example.App")).isFalse();
        assertThat(CallSites.isRuntime("dev.custody.metalwork.Tool")).isFalse();
    }
}
