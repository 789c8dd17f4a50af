package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The §6.4 texts, byte for byte. */
class LinesTest {
    @Test
    void allocationLines() {
        assertThat(Lines.allocated(123, 4096, 0, 1, 0x3FFFF800L))
                .isEqualTo("✓ [PID 123] Allocated 4096 bytes of DRAM on device 1 (buffer_id=0x3ffff800)");
        assertThat(Lines.allocatedRef(123, 4096, 3, 0, 0xABC, 2))
                .isEqualTo("✓ [PID 123] Allocated 4096 bytes of L1_SMALL on device 0 (buffer_id=0xabc, ref_count=2)");
    }

    @Test
    void freeLines() {
        assertThat(Lines.freedRemaining(7, 694960736L, 1, 2048, 1))
                .isEqualTo("✗ [PID 7] Freed buffer 0x296c4260 on device 1 (2048 bytes, ref_count=1 remaining)");
        assertThat(Lines.freedFinal(7, 0x18b20, 0, 4096))
                .isEqualTo("✗ [PID 7] Freed buffer 0x18b20 on device 0 (4096 bytes, FINAL)");
        assertThat(Lines.unknownFree(9, 0x1000, 4))
                .isEqualTo("⚠ [PID 9] Deallocation for unknown buffer 0x1000 on device 4 (allocated before tracking"
                        + " started)");
    }

    @Test
    void cleanupLines() {
        assertThat(Lines.cleanupHeader(true))
                .isEqualTo("\n⚠️  Detected dead processes, cleaning up orphaned buffers...");
        assertThat(Lines.cleanupPid(42, true)).isEqualTo("   PID 42 is dead, removing its buffers...");
        assertThat(Lines.cleanupRemoved(42, 16, 117_440_512L))
                .isEqualTo("   ✓ Removed 16 buffers (112 MB) from PID 42");
        assertThat(Lines.cleanupRemoved(42, 3, 12_288)).isEqualTo("   ✓ Removed 3 buffers (0.0117188 MB) from PID 42");
    }
}
