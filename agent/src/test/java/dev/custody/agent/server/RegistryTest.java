package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.agent.wire.DeviceInfo;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyType;
import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Set<Long> dead = new HashSet<>();
    private final Registry registry = new Registry(
            new Console(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    false),
            pid -> !dead.contains(pid));

    private String lines() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Registry.Client client(long pid) {
        return registry.register(new Hello(
                1,
                pid,
                "jvm-" + pid,
                "0.1",
                List.of(new DeviceInfo(0, false, "wormhole_b0", 12L << 30, 95_944_704L, 0, 0))));
    }

    private static LegacyFrame legacy(LegacyType t, int device, long size, int type, int pid, long id) {
        return new LegacyFrame(t, device, size, type, pid, id, 0);
    }

    @Test
    void native_allocThenFree_printsTheSeedLines_andBalances() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 0, 0x3FFFF800L, 2048, "A.java:1");
        registry.freed(c, 1);

        assertThat(lines())
                .isEqualTo("✓ [PID 100] Allocated 2048 bytes of DRAM on device 0 (buffer_id=0x3ffff800)\n"
                        + "✗ [PID 100] Freed buffer 0x3ffff800 on device 0 (2048 bytes, FINAL)\n");
        assertThat(registry.activeAllocations()).isZero();
    }

    @Test
    void native_twoObjectsAtOneAddress_areTwoBuffers_notAReferenceCount() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 64, "");
        registry.allocated(c, 2, 0, 0, 0x1000, 64, ""); // a view at the same base address

        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM)).isEqualTo(128);
        registry.freed(c, 2);
        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM)).isEqualTo(64);
    }

    @Test
    void native_freeOfAnUnknownObject_isSilent_onlyAFindingWarns() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 1, 0x2000, 64, "");
        registry.freed(c, 1);
        out.reset();
        registry.freed(c, 1); // a replay after a resync, not an error by itself

        assertThat(lines()).isEmpty();
        registry.finding(c, 1, "double-free", "ERROR: CustodySanitizer: double-free of Buffer#1");
        assertThat(lines())
                .isEqualTo("⚠ [PID 100] Deallocation for unknown buffer 0x2000 on device 0 (ERROR: CustodySanitizer:"
                        + " double-free of Buffer#1)\n");
        assertThat(registry.status().clients().get(0).findings()).isEqualTo(1);
    }

    @Test
    void findingsThatAreNotAboutAFree_printKindAndLine() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 1, 0x2000, 64, "");
        out.reset();

        registry.finding(c, 1, "use-after-free", "ERROR: CustodySanitizer: use-after-free read of Buffer#1");

        assertThat(lines())
                .isEqualTo("⚠ [PID 100] use-after-free: ERROR: CustodySanitizer: use-after-free read of Buffer#1\n");
    }

    @Test
    void quiet_dropsEventLines_butKeepsWarningsAndStatistics() throws ProtocolException {
        ByteArrayOutputStream quietOut = new ByteArrayOutputStream();
        Registry quiet = new Registry(
                new Console(
                        new PrintStream(quietOut, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        true),
                pid -> true);
        Registry.Client c = quiet.register(new Hello(1, 5, "q", "0.1", List.of()));
        quiet.allocated(c, 1, 0, 0, 0x10, 8, "");
        quiet.freed(c, 1);
        quiet.finding(c, 1, "double-free", "ERROR: double free");
        quiet.legacy(legacy(LegacyType.FREE, 0, 0, 0, 5, 0x99));

        assertThat(quietOut.toString(StandardCharsets.UTF_8))
                .isEqualTo("⚠ [PID 5] Deallocation for unknown buffer 0x10 on device 0 (ERROR: double free)\n"
                        + "⚠ [PID 5] Deallocation for unknown buffer 0x99 on device 0 (allocated before tracking"
                        + " started)\n");
    }

    @Test
    void native_resync_replacesTheClientsSet_andReplaysAreHarmless() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 100, "");
        registry.allocated(c, 2, 0, 0, 0x2000, 200, "");
        registry.resyncBegin(c);
        registry.allocated(c, 2, 0, 0, 0x2000, 200, "");
        registry.allocated(c, 3, 0, 1, 0x3000, 300, "");
        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM))
                .as("unchanged until END")
                .isEqualTo(300);
        registry.resyncEnd(c);
        registry.allocated(c, 3, 0, 1, 0x3000, 300, ""); // a ring record newer than the snapshot's mark
        registry.freed(c, 1); // already gone with the snapshot

        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM)).isEqualTo(200);
        assertThat(registry.status().devices().get(0).used(MemoryKind.L1)).isEqualTo(300);
        assertThat(registry.activeAllocations()).isEqualTo(2);
        assertThat(lines()).contains("🔄 [PID 100] Resynchronized 2 live buffers (0.000476837 MB)\n");
    }

    @Test
    void native_disconnect_removesEverything_withTheCleanupBlock() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 1 << 20, "");
        registry.allocated(c, 2, 0, 1, 0x2000, 1 << 19, "");
        dead.add(100L);
        out.reset();

        registry.disconnect(c);

        assertThat(lines())
                .isEqualTo("\n⚠️  Detected dead processes, cleaning up orphaned buffers...\n"
                        + "   PID 100 is dead, removing its buffers...\n"
                        + "   ✓ Removed 2 buffers (1.5 MB) from PID 100\n");
        assertThat(registry.activeAllocations()).isZero();
        assertThat(registry.status().clients()).isEmpty();
    }

    @Test
    void native_badRecords_areProtocolErrors() {
        Registry.Client c = client(100);
        assertThatThrownBy(() -> registry.allocated(c, 1, 0, 7, 0, 1, ""))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("buffer type 7");
        assertThatThrownBy(() -> registry.allocated(c, 1, -1, 0, 0, 1, "")).hasMessageContaining("names device -1");
        assertThatThrownBy(() -> registry.resyncEnd(c)).hasMessage("RESYNC_END without RESYNC_BEGIN");
    }

    @Test
    void legacy_referenceCountsByDeviceAndAddress_exactlyAsTheBranch() {
        registry.legacy(legacy(LegacyType.ALLOC, 0, 12288, 0, 50, 0x3FFFF800L));
        registry.legacy(legacy(LegacyType.ALLOC, 0, 99999, 0, 51, 0x3FFFF800L)); // first size wins
        registry.legacy(legacy(LegacyType.FREE, 0, 0, 0, 51, 0x3FFFF800L));
        registry.legacy(legacy(LegacyType.FREE, 0, 0, 0, 51, 0x3FFFF800L));
        registry.legacy(legacy(LegacyType.FREE, 0, 0, 0, 51, 0x3FFFF800L));

        assertThat(lines())
                .isEqualTo("✓ [PID 50] Allocated 12288 bytes of DRAM on device 0 (buffer_id=0x3ffff800)\n"
                        + "✓ [PID 51] Allocated 99999 bytes of DRAM on device 0 (buffer_id=0x3ffff800, ref_count=2)\n"
                        + "✗ [PID 50] Freed buffer 0x3ffff800 on device 0 (12288 bytes, ref_count=1 remaining)\n"
                        + "✗ [PID 50] Freed buffer 0x3ffff800 on device 0 (12288 bytes, FINAL)\n"
                        + "⚠ [PID 51] Deallocation for unknown buffer 0x3ffff800 on device 0 (allocated before"
                        + " tracking started)\n");
        assertThat(registry.counters(0)[MemoryKind.DRAM.ordinal()]).isZero();
    }

    @Test
    void legacy_systemMemoryCountsAsL1Small_andCbsAndKernelsHaveTheirOwnKeys() {
        registry.legacy(legacy(LegacyType.ALLOC, 1, 100, 2, 50, 0x10));
        registry.legacy(legacy(LegacyType.CB_ALLOC, 1, 4096, 0, 50, 0x10)); // same id, other key space
        registry.legacy(legacy(LegacyType.KERNEL_LOAD, 1, 2048, 0, 50, 0x10));

        long[] c = registry.counters(1);
        assertThat(c[MemoryKind.L1_SMALL.ordinal()]).isEqualTo(100);
        assertThat(c[MemoryKind.CB.ordinal()]).isEqualTo(4096);
        assertThat(c[MemoryKind.KERNEL.ordinal()]).isEqualTo(2048);
        assertThat(lines()).contains("Allocated 100 bytes of SYSTEM_MEMORY on device 1");
        assertThat(registry.activeAllocations()).isEqualTo(3);
    }

    @Test
    void legacy_deadOwner_losesEveryEntry_whateverTheRefCount_includingCbsAndKernels() {
        registry.legacy(legacy(LegacyType.ALLOC, 0, 1 << 20, 0, 60, 0x1));
        registry.legacy(legacy(LegacyType.ALLOC, 0, 1 << 20, 0, 60, 0x1));
        registry.legacy(legacy(LegacyType.CB_ALLOC, 0, 1 << 20, 0, 60, 0x2));
        registry.legacy(legacy(LegacyType.ALLOC, 0, 64, 1, 61, 0x3));
        dead.add(60L);
        out.reset();

        registry.cleanupDead();

        assertThat(lines())
                .isEqualTo("\n⚠️  Detected dead processes, cleaning up orphaned buffers...\n"
                        + "   PID 60 is dead, removing its buffers...\n"
                        + "   ✓ Removed 2 buffers (2 MB) from PID 60\n");
        assertThat(registry.activeAllocations()).isEqualTo(1);
        assertThat(registry.counters(0)[MemoryKind.L1.ordinal()]).isEqualTo(64);
    }

    @Test
    void stats_printTheSeedBlock_forDevicesInUseOnly() throws ProtocolException {
        Registry.Client c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 104_857_600, "");
        registry.allocated(c, 2, 0, 1, 0x2000, 12_582_912, "");
        registry.allocated(c, 3, 3, 1, 0x2000, 100, "");
        registry.freed(c, 3); // device 3 is back to zero: not printed
        out.reset();

        registry.printStats("Current Statistics");

        assertThat(lines())
                .isEqualTo("\n📊 Current Statistics:\n"
                        + "  Device 0:\n"
                        + "    Buffers: 2\n"
                        + "    DRAM: 104857600 bytes (102400 KB)\n"
                        + "    L1: 12582912 bytes (12288 KB)\n"
                        + "    Total: 117440512 bytes\n"
                        + "  Active allocations: 2\n");
    }

    @Test
    void deviceInfo_comesFromTheHandshakeSpecs() {
        client(100);

        assertThat(registry.deviceFacts(-1).numDevices()).isEqualTo(1);
        assertThat(registry.deviceFacts(-1).available()).isTrue();
        assertThat(registry.deviceFacts(0).totalDram()).isEqualTo(12L << 30);
        assertThat(registry.deviceFacts(0).archType()).isEqualTo(2);
        assertThat(registry.deviceFacts(0).dramChannels()).isEqualTo(12);
        assertThat(registry.deviceFacts(5).available()).isFalse();
    }
}
