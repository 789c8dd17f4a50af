package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.agent.wire.DeviceInfo;
import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyType;
import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.ProtocolException;
import dev.custody.agent.wire.StatusReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    private NativeClient client(long pid) {
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
        NativeClient c = client(100);
        registry.allocated(c, 1, 0, 0, 0x3FFFF800L, 2048, "A.java:1");
        registry.freed(c, 1);

        assertThat(lines())
                .isEqualTo("✓ [PID 100] Allocated 2048 bytes of DRAM on device 0 (buffer_id=0x3ffff800)\n"
                        + "✗ [PID 100] Freed buffer 0x3ffff800 on device 0 (2048 bytes, FINAL)\n");
        assertThat(registry.activeAllocations()).isZero();
    }

    @Test
    void native_twoObjectsAtOneAddress_areTwoBuffers_notAReferenceCount() throws ProtocolException {
        NativeClient c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 64, "");
        registry.allocated(c, 2, 0, 0, 0x1000, 64, ""); // a view at the same base address

        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM)).isEqualTo(128);
        registry.freed(c, 2);
        assertThat(registry.status().devices().get(0).used(MemoryKind.DRAM)).isEqualTo(64);
    }

    @Test
    void native_freeOfAnUnknownObject_isSilent_onlyAFindingWarns() throws ProtocolException {
        NativeClient c = client(100);
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
        NativeClient c = client(100);
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
        NativeClient c = quiet.register(new Hello(1, 5, "q", "0.1", List.of()));
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
        NativeClient c = client(100);
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
        NativeClient c = client(100);
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
        NativeClient c = client(100);
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
        NativeClient c = client(100);
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

    @Test
    void native_replayWithAnotherTypeOrSize_movesTheBytesBetweenKinds() throws ProtocolException {
        NativeClient c = client(100);
        registry.allocated(c, 1, 0, 0, 0x1000, 100, "A.java:1");
        registry.allocated(c, 1, 0, 1, 0x1000, 150, "A.java:1"); // a replay after a resync, changed

        StatusReport s = registry.status();
        assertThat(s.devices().get(0).used(MemoryKind.DRAM)).isZero();
        assertThat(s.devices().get(0).used(MemoryKind.L1)).isEqualTo(150);
        assertThat(s.clients().get(0).bytes()).isEqualTo(150);
        assertThat(registry.activeAllocations()).isEqualTo(1);
    }

    @Test
    void native_doubleFree_namesTheAddress_fromTheRingOfRecentFrees_acrossCallSitesAndDevices()
            throws ProtocolException {
        NativeClient c = client(100);
        for (int i = 1; i <= 1000; i++) {
            registry.allocated(c, i, i % 3, 0, 0x1000L * i, 64, "Site.java:" + i);
            registry.freed(c, i);
        }
        out.reset();

        registry.finding(c, 500, "double-free", "ERROR: double free of Buffer#500");

        assertThat(lines())
                .isEqualTo("⚠ [PID 100] Deallocation for unknown buffer 0x1f4000 on device 2 (ERROR: double free"
                        + " of Buffer#500)\n");
    }

    @Test
    void dump_listsNativeEntriesInObjectIdOrder_withTheirSites_thenLegacyByDeviceAndAddress() throws ProtocolException {
        NativeClient c = client(100);
        for (long id : new long[] {40, 3, 17, 1_000_000, 8}) {
            registry.allocated(c, id, 0, 1, id << 4, id, "S.java:" + id);
        }
        registry.freed(c, 17);
        registry.legacy(legacy(LegacyType.ALLOC, 1, 10, 0, 50, 0x30));
        registry.legacy(legacy(LegacyType.ALLOC, 0, 20, 0, 50, 0x20));
        registry.legacy(legacy(LegacyType.ALLOC, 0, 30, 0, 50, 0x10));

        List<DumpReport.Entry> all = registry.dump(Integer.MAX_VALUE).entries();

        assertThat(all.stream().map(e -> e.objectId() + "@" + e.device() + ":0x" + Long.toHexString(e.address())))
                .containsExactly(
                        "3@0:0x30", "8@0:0x80", "40@0:0x280", "1000000@0:0xf42400", "0@0:0x10", "0@0:0x20", "0@1:0x30");
        assertThat(all.get(0)).isEqualTo(new DumpReport.Entry(100, 0, 1, 3, 0x30, 3, 1, "S.java:3"));
        assertThat(registry.dump(2).entries())
                .extracting(DumpReport.Entry::objectId)
                .containsExactly(3L, 8L);
        assertThat(registry.dump(5).entries())
                .hasSize(5)
                .last()
                .extracting(DumpReport.Entry::address)
                .isEqualTo(0x10L);
    }

    @Test
    void snapshot_usagePerProcessDeviceAndKind_addsUpToTheDeviceTotals() throws ProtocolException {
        NativeClient a = client(100);
        NativeClient b = client(200);
        registry.allocated(a, 1, 0, 0, 0x10, 100, "x");
        registry.allocated(a, 2, 0, 0, 0x20, 50, "y"); // another site, same device and kind: one row
        registry.allocated(a, 3, 0, 5, 0x30, 7, "x");
        registry.allocated(b, 1, 0, 0, 0x40, 1000, "x");
        registry.legacy(legacy(LegacyType.ALLOC, 0, 4, 0, 60, 0x50));

        Registry.Snapshot s = registry.snapshot();

        assertThat(s.usage())
                .containsExactly(
                        new Registry.ProcessUsage(100, "jvm-100", 0, MemoryKind.DRAM, 150, 2),
                        new Registry.ProcessUsage(100, "jvm-100", 0, MemoryKind.CB, 7, 1),
                        new Registry.ProcessUsage(200, "jvm-200", 0, MemoryKind.DRAM, 1000, 1),
                        new Registry.ProcessUsage(60, "tt-metal (legacy)", 0, MemoryKind.DRAM, 4, 1));
        StatusReport.DeviceUsage d = s.status().devices().get(0);
        assertThat(d.used(MemoryKind.DRAM)).isEqualTo(1154);
        assertThat(d.used(MemoryKind.CB)).isEqualTo(7);
        assertThat(d.buffers()).isEqualTo(5);
        assertThat(s.status().activeAllocations()).isEqualTo(5);
        assertThat(registry.counters(0)[MemoryKind.DRAM.ordinal()])
                .as("a legacy QUERY sees native clients too")
                .isEqualTo(1154);
    }

    @Test
    void clientsStreamingInParallel_eachUnderItsOwnMonitor_giveViewsConsistentAtFrameBoundaries_andExactTotals()
            throws Exception {
        int clients = 4;
        int perClient = 768 * 64; // whole frames
        List<NativeClient> cs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            cs.add(client(1000 + i));
        }
        out.reset();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (NativeClient c : cs) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    // frames of 64 records, each applied under the client's monitor as a session does
                    for (int base = 0; base < perClient; base += 64) {
                        synchronized (c) {
                            for (int id = base; id < base + 64; id++) {
                                c.allocated(id, id % 2, id % 3, id, 10, "S.java:" + (id % 5));
                                if (id % 4 != 0) {
                                    c.freed(id);
                                }
                            }
                            c.publish();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            t.start();
            writers.add(t);
        }
        AtomicBoolean done = new AtomicBoolean();
        List<String> inconsistent = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                StatusReport s = registry.status();
                long deviceBuffers = s.devices().stream()
                        .mapToLong(StatusReport.DeviceUsage::buffers)
                        .sum();
                long clientBuffers = s.clients().stream()
                        .mapToLong(StatusReport.ClientUsage::buffers)
                        .sum();
                long deviceBytes = s.devices().stream()
                        .mapToLong(d -> d.used(MemoryKind.DRAM) + d.used(MemoryKind.L1) + d.used(MemoryKind.L1_SMALL))
                        .sum();
                long clientBytes = s.clients().stream()
                        .mapToLong(StatusReport.ClientUsage::bytes)
                        .sum();
                if (deviceBuffers != clientBuffers
                        || clientBuffers != s.activeAllocations()
                        || deviceBytes != clientBytes) {
                    inconsistent.add(deviceBuffers + "/" + clientBuffers + "/" + s.activeAllocations() + " buffers, "
                            + deviceBytes + "/" + clientBytes + " bytes");
                }
            }
        });
        reader.start();
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        done.set(true);
        reader.join();

        assertThat(failure.get()).isNull();
        assertThat(inconsistent).isEmpty();
        StatusReport s = registry.status();
        assertThat(s.activeAllocations()).isEqualTo(clients * perClient / 4);
        assertThat(s.clients()).allSatisfy(c -> assertThat(c.buffers()).isEqualTo(perClient / 4));
        long l1 = s.devices().stream().mapToLong(d -> d.used(MemoryKind.L1)).sum();
        assertThat(l1)
                .as("ids ≡ 0 mod 4 kept; of those, type 1 when id ≡ 1 mod 3")
                .isEqualTo(clients * 10L * (perClient / 4 / 3));
        assertThat(lines()).doesNotContain("⚠");
    }
}
