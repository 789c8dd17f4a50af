package dev.custody.agent.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.bootstrap.ThreadContext;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drives the ledger with the event sequences the port produces (see the instrumentation package) and checks
 * the ownership semantics.
 */
class LedgerTest {
    private static final int DRAM = 0;
    private static final int L1 = 1;
    private static final int DEALLOCATED = 2;
    private static final int ALLOCATED = 1;

    private final Object dev0 = new Object();
    private final Object alloc0 = new Object();
    private final Object mesh = new Object();
    private final Object meshAlloc = new Object();
    private final Ledger ledger = new Ledger(0, false, null);

    private void open() {
        ledger.deviceOpening();
        ledger.deviceOpened(dev0, alloc0, 0, false, "WORMHOLE_B0", 1, 1, 0, 0, null);
    }

    /**
     * An owning buffer's allocation as the advice reports it: announced, allocated, and returned unless the ledger
     * recorded it already.
     */
    private void allocate(long uid, Object allocator, int deviceId, boolean isMesh, int type, long address, long size) {
        ledger.bufferAllocating(uid, size, deviceId, isMesh);
        ledger.allocatorAllocated(allocator, type, address, size);
        if (!ThreadContext.takeRecorded(uid)) {
            ledger.bufferAllocated(uid, allocator, deviceId, isMesh, type, address, size);
        }
    }

    private void free(Object allocator, int type, long address) {
        ledger.allocatorFreeing(allocator, type, address);
    }

    private static void at(String site) {
        Sites.enter(Sites.register(site));
    }

    private List<FindingKind> kinds() {
        return ledger.snapshot().findings().stream().map(Finding::kind).toList();
    }

    @Test
    void allocateThenFree_noFindingsAndNothingActive() {
        open();
        allocate(1, alloc0, 0, false, DRAM, 0x1000, 4096);
        free(alloc0, DRAM, 0x1000);

        Snapshot s = ledger.exitSnapshot();

        assertThat(s.findings()).isEmpty();
        assertThat(s.activeAllocations()).isZero();
        assertThat(s.allocations()).isEqualTo(1);
        assertThat(s.frees()).isEqualTo(1);
    }

    @Test
    void allocatorCreatedWithItsLock_eventsUnderThatLock_areTrackedTheSame() {
        // As the port delivers them: the allocator's events inside its critical section on the lock it was created
        // with (the ledger then writes without a lock of its own).
        Object lock = new Object();
        ledger.allocatorCreated(alloc0, lock);
        open();
        synchronized (lock) {
            allocate(1, alloc0, 0, false, DRAM, 0x1000, 4096);
            allocate(2, alloc0, 0, false, DRAM, 0x2000, 4096);
            free(alloc0, DRAM, 0x1000);
            free(alloc0, DRAM, 0x1000);
        }

        Snapshot s = ledger.exitSnapshot();

        assertThat(s.findings()).extracting(Finding::kind).containsExactly(FindingKind.DOUBLE_FREE, FindingKind.LEAK);
        assertThat(s.findings()).extracting(Finding::object).containsExactly("Buffer#1", "Buffer#2");
        assertThat(s.allocations()).isEqualTo(2);
        assertThat(s.frees()).isEqualTo(1);
    }

    @Test
    void bufferThatDidNotAnnounceItself_claimsItsBlockWhenItReturns() {
        // Attached while Buffer.allocateImpl ran: only the allocator's event and the buffer's return are seen.
        open();
        ledger.allocatorAllocated(alloc0, DRAM, 0x1000, 4096);
        ledger.bufferAllocated(7, alloc0, 0, false, DRAM, 0x1000, 2048);
        // And a buffer whose allocator call was not seen at all is tracked from its return.
        ledger.bufferAllocated(8, alloc0, 0, false, DRAM, 0x2000, 64);

        List<Finding> leaks = ledger.exitSnapshot().findings();

        assertThat(leaks).extracting(Finding::object).containsExactly("Buffer#7", "Buffer#8");
        assertThat(leaks.get(0).size()).isEqualTo(2048);
    }

    @Test
    void announcedBufferWhoseAllocatorFailed_doesNotClaimTheThreadsNextAllocation() {
        open();
        ledger.bufferAllocating(5, 1 << 20, 0, false);
        ledger.allocatorFailed(alloc0, DRAM, 1 << 20, new IllegalStateException("Out of Memory: not enough space"));
        ledger.allocatorAllocated(alloc0, DRAM, 0x3000, 64);

        List<Finding> findings = ledger.exitSnapshot().findings();

        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.OUT_OF_MEMORY, FindingKind.LEAK);
        // The allocator's own allocation, owned by no buffer: not Buffer#5's.
        assertThat(findings.get(1).object()).isEqualTo("allocation#" + 0x3000);
    }

    @Test
    void liveAtExit_isLeakWithAllocationSite() {
        open();
        at("App.main(App.java:7)");
        allocate(5, alloc0, 0, false, DRAM, 0x2000, 8192);

        Snapshot s = ledger.exitSnapshot();

        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.LEAK);
            assertThat(f.object()).isEqualTo("Buffer#5");
            assertThat(f.size()).isEqualTo(8192);
            assertThat(f.device()).isEqualTo("device 0");
            assertThat(f.allocator()).isEqualTo("allocator of device 0");
            assertThat(f.address()).isEqualTo(0x2000);
            assertThat(f.when()).isEqualTo("at exit");
            assertThat(f.site("allocated").site()).isEqualTo("App.main(App.java:7)");
        });
        assertThat(s.activeAllocations()).isEqualTo(1);
        assertThat(s.devices())
                .singleElement()
                .satisfies(d -> assertThat(d.dram()).isEqualTo(8192));
    }

    @Test
    void memoryAllocatedWhileDeviceOpens_isTheDevicesOwnAndNeverALeak() {
        ledger.deviceOpening();
        allocate(1, alloc0, 0, false, DRAM, 0x100, 2048);
        ledger.deviceOpened(dev0, alloc0, 0, false, "WORMHOLE_B0", 1, 1, 0, 0, null);

        ledger.allocatorClosing(alloc0, 0, false);

        assertThat(ledger.exitSnapshot().findings()).isEmpty();
    }

    @Test
    void liveAtDeviceClose_isLeakAtCloseAndNotAgainAtExit() {
        open();
        allocate(3, alloc0, 0, false, L1, 0x3000, 1024);

        ledger.allocatorClosing(alloc0, 0, false);
        ledger.allocatorClosing(alloc0, 0, false);
        Snapshot s = ledger.exitSnapshot();

        assertThat(s.findings())
                .singleElement()
                .satisfies(f -> assertThat(f.when()).isEqualTo("at close of device 0"));
        assertThat(s.activeAllocations()).isZero();
    }

    @Test
    void secondDeallocateOfOwningBuffer_isDoubleFreeWithAllThreeSites() {
        open();
        at("App.main(App.java:10)");
        allocate(7, alloc0, 0, false, DRAM, 0x4000, 4096);
        at("App.main(App.java:11)");
        ledger.freeRequested(true, 7, 7, true, ALLOCATED, alloc0, 0, false, DRAM, 0x4000, 4096);
        free(alloc0, DRAM, 0x4000);
        at("App.main(App.java:12)");
        ledger.freeRequested(true, 7, 7, true, DEALLOCATED, alloc0, 0, false, DRAM, 0x4000, 4096);

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DOUBLE_FREE);
            assertThat(f.object()).isEqualTo("Buffer#7");
            assertThat(f.site("second free").site()).isEqualTo("App.main(App.java:12)");
            assertThat(f.site("first free").site()).isEqualTo("App.main(App.java:11)");
            assertThat(f.site("allocated").site()).isEqualTo("App.main(App.java:10)");
        });
    }

    @Test
    void allocatorFreeOfFreedAddress_isDoubleFree_ofNeverAllocated_isUnknownFree() {
        open();
        allocate(1, alloc0, 0, false, DRAM, 0x5000, 64);
        free(alloc0, DRAM, 0x5000);
        free(alloc0, DRAM, 0x5000);
        free(alloc0, DRAM, 0x9999);

        assertThat(kinds()).containsExactly(FindingKind.DOUBLE_FREE, FindingKind.UNKNOWN_FREE);
    }

    @Test
    void lateAttach_freeOfPreExistingMemory_isNeverAFinding() {
        Ledger late = new Ledger(0, true, null);

        late.allocatorFreeing(alloc0, DRAM, 0x7000);
        late.bufferUsed(9, 9, true, DEALLOCATED, alloc0, 0, false, DRAM, 0x7000, 64, Custody.READ);
        late.bufferUsed(10, 3, false, ALLOCATED, alloc0, 0, false, DRAM, 0x7000, 64, Custody.READ);

        assertThat(late.exitSnapshot().findings()).isEmpty();
    }

    @Test
    void lateAttach_meshBufferCreated_itsDeviceLocalAliasesMakeTheirUnseenDevicesKnown() {
        // Attached after the mesh opened: device 3's open was never seen, so only the alias can name its allocator's
        // device (the ledger skips that lookup when every device's open was seen).
        Ledger late = new Ledger(0, true, null);
        Object alloc3 = new Object();
        late.meshBufferCreating();
        late.bufferAllocating(10, 64, 0, true);
        late.allocatorAllocated(meshAlloc, DRAM, 0x10000, 64);
        late.aliasCreated(11, alloc3, 3, false, DRAM, 0x10000, 64);
        late.meshBufferCreated(mesh, meshAlloc, 0, 10, new long[] {11}, new int[] {3}, DRAM, 0x10000, 64);
        late.allocatorFreeing(meshAlloc, DRAM, 0x10000);
        late.meshBufferDeallocated(mesh, 0x10000);
        late.meshBufferClosed(mesh, 0x10000);

        late.allocatorAllocated(alloc3, DRAM, 0x40, 64);
        late.allocatorFreeing(alloc3, DRAM, 0x40);
        late.allocatorFreeing(alloc3, DRAM, 0x40);

        assertThat(late.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DOUBLE_FREE);
            assertThat(f.device()).isEqualTo("device 3");
        });
    }

    @Test
    void meshCreationThatFailed_handsItsBackingToNoLaterMeshBuffer() {
        // The backing allocated by a creation that then failed is freed by the runtime; a mesh buffer created later at
        // that address over another block must sit on that block, not on the failed creation's backing.
        ledger.meshBufferCreating();
        allocate(10, meshAlloc, 0, true, DRAM, 0x10000, 64);
        ledger.meshBufferCreated(null, null, -1, -1, null, null, -1, 0, 0);
        free(meshAlloc, DRAM, 0x10000);
        allocate(20, meshAlloc, 0, true, DRAM, 0x10000, 64);

        ledger.meshBufferCreating();
        ledger.aliasCreated(21, alloc0, 0, false, DRAM, 0x10000, 64);
        ledger.meshBufferCreated(mesh, meshAlloc, 0, -1, new long[] {21}, new int[] {0}, DRAM, 0x10000, 64);
        free(meshAlloc, DRAM, 0x10000);
        ledger.bufferUsed(21, 21, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 64, Custody.READ);

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.ownerChain()).startsWith("Buffer#21 (device-local) → Buffer#20");
        });
    }

    @Test
    void freeThroughView_isAliasFreeAndOwnerStillOwns() {
        open();
        allocate(1, alloc0, 0, false, DRAM, 0x6000, 4096);
        at("App.main(App.java:20)");

        ledger.freeRequested(true, 2, 1, false, ALLOCATED, alloc0, 0, false, DRAM, 0x6000, 2048);
        free(alloc0, DRAM, 0x6000);

        Snapshot s = ledger.exitSnapshot();
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.ALIAS_FREE);
            assertThat(f.object()).isEqualTo("Buffer#2");
            assertThat(f.ownerChain()).isEqualTo("Buffer#2 (view) → Buffer#1 (root)");
            assertThat(f.site("freed through alias").site()).isEqualTo("App.main(App.java:20)");
        });
    }

    @Test
    void readThroughViewAfterRootFreedAndReused_namesTheNewOwner() {
        open();
        at("App.main(App.java:30)");
        allocate(1, alloc0, 0, false, L1, 0x8000, 4096);
        at("App.main(App.java:31)");
        free(alloc0, L1, 0x8000);
        at("App.main(App.java:32)");
        allocate(4, alloc0, 0, false, L1, 0x8000, 4096);
        at("App.main(App.java:33)");

        ledger.bufferUsed(2, 1, false, ALLOCATED, alloc0, 0, false, L1, 0x8000, 2048, Custody.READ);
        ledger.bufferUsed(2, 1, false, ALLOCATED, alloc0, 0, false, L1, 0x8000, 2048, Custody.READ);
        free(alloc0, L1, 0x8000);

        Snapshot s = ledger.exitSnapshot();
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.object()).isEqualTo("Buffer#2");
            assertThat(f.ownerChain()).isEqualTo("Buffer#2 (view) → Buffer#1 (root)");
            assertThat(f.site("read").site()).isEqualTo("App.main(App.java:33)");
            assertThat(f.site("freed").site()).isEqualTo("App.main(App.java:31)");
            assertThat(f.site("allocated").site()).isEqualTo("App.main(App.java:30)");
            assertThat(f.site("reallocated").site()).isEqualTo("App.main(App.java:32)");
            assertThat(f.details()).anyMatch(d -> d.startsWith("the address now belongs to Buffer#4"));
        });
    }

    @Test
    void usingALiveView_isNoFinding() {
        open();
        allocate(1, alloc0, 0, false, L1, 0x8000, 4096);

        ledger.bufferUsed(2, 1, false, ALLOCATED, alloc0, 0, false, L1, 0x8000, 2048, Custody.WRITE);
        free(alloc0, L1, 0x8000);

        assertThat(ledger.exitSnapshot().findings()).isEmpty();
    }

    private void meshCreate(long backing, long address) {
        ledger.meshBufferCreating();
        allocate(backing, meshAlloc, 0, true, DRAM, address, 4 << 20);
        long[] locals = {backing + 1, backing + 2};
        ledger.aliasCreated(locals[0], alloc0, 0, false, DRAM, address, 4 << 20);
        ledger.aliasCreated(locals[1], new Object(), 1, false, DRAM, address, 4 << 20);
        ledger.meshBufferCreated(mesh, meshAlloc, 0, backing, locals, new int[] {0, 1}, DRAM, address, 4 << 20);
    }

    @Test
    void meshBuffer_oneAllocationPerAddress_backingFreedFirst_cleanClose() {
        ledger.deviceOpened(new Object(), meshAlloc, 0, true, "WORMHOLE_B0", 1, 1, 0, 0, new int[] {0, 1});
        meshCreate(10, 0x10000);

        assertThat(ledger.snapshot().activeAllocations()).isEqualTo(1);
        assertThat(ledger.snapshot().devices())
                .extracting(DeviceStats::deviceId)
                .containsExactly(0, 1);
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferDeallocated(mesh);
        ledger.meshBufferClosed(mesh);

        Snapshot s = ledger.exitSnapshot();
        assertThat(s.findings()).isEmpty();
        assertThat(s.frees()).isEqualTo(1);
    }

    @Test
    void deviceLocalReadAfterMeshDeallocate_isUseAfterFreeOfBacking() {
        meshCreate(10, 0x10000);
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferDeallocated(mesh);

        ledger.bufferUsed(11, 11, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20, Custody.READ);

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.ownerChain())
                    .isEqualTo("Buffer#11 (device-local) → Buffer#10 (backing) → " + "MeshBuffer@"
                            + Integer.toHexString(System.identityHashCode(mesh)));
        });
    }

    @Test
    void deviceLocalReadOfADeallocatedMeshBuffer_afterAnotherTookItsAddress_namesTheFirstBacking() {
        Object second = new Object();
        meshCreate(10, 0x10000);
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferDeallocated(mesh, 0x10000);
        // A second mesh buffer takes the address while the first is deallocated but not yet closed.
        ledger.meshBufferCreating();
        allocate(20, meshAlloc, 0, true, DRAM, 0x10000, 4 << 20);
        ledger.meshBufferCreated(
                second, meshAlloc, 0, 20, new long[] {21, 22}, new int[] {0, 1}, DRAM, 0x10000, 4 << 20);

        ledger.bufferUsed(22, 22, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20, Custody.READ);
        ledger.bufferUsed(12, 12, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20, Custody.READ);

        assertThat(ledger.snapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.ownerChain())
                    .isEqualTo("Buffer#12 (device-local) → Buffer#10 (backing) → MeshBuffer@"
                            + Integer.toHexString(System.identityHashCode(mesh)));
        });
    }

    @Test
    void deviceLocalReadOfADeallocatedMeshBuffer_afterAnotherBlockWasFreedAtItsAddress_namesTheBackingAndItsFree() {
        at("App.main(App.java:40)");
        meshCreate(10, 0x10000);
        at("App.main(App.java:41)");
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferDeallocated(mesh, 0x10000);
        // Another buffer comes and goes at the address: the backing's tombstone is gone.
        allocate(30, meshAlloc, 0, true, DRAM, 0x10000, 4096);
        free(meshAlloc, DRAM, 0x10000);
        at("App.main(App.java:42)");

        ledger.bufferUsed(11, 11, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20, Custody.READ);

        assertThat(ledger.snapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.ownerChain())
                    .isEqualTo("Buffer#11 (device-local) → Buffer#10 (backing) → MeshBuffer@"
                            + Integer.toHexString(System.identityHashCode(mesh)));
            assertThat(f.site("allocated").site()).isEqualTo("App.main(App.java:40)");
            assertThat(f.site("freed").site()).isEqualTo("App.main(App.java:41)");
        });
    }

    @Test
    void backingFreedAgainAfterItsMeshBufferClosed_isDoubleFreeNamingTheBackingOnly() {
        meshCreate(10, 0x10000);
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferDeallocated(mesh, 0x10000);
        ledger.meshBufferClosed(mesh, 0x10000);

        free(meshAlloc, DRAM, 0x10000);

        assertThat(ledger.snapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DOUBLE_FREE);
            assertThat(f.ownerChain()).isEqualTo("Buffer#10");
        });
    }

    @Test
    void meshClosedBeforeItsBacking_theBackingLeakedAtExit_stillNamesTheMeshBuffer() {
        meshCreate(10, 0x10000);
        ledger.meshBufferDeallocated(mesh, 0x10000);
        ledger.meshBufferClosed(mesh, 0x10000);

        List<Finding> findings = ledger.exitSnapshot().findings();
        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.FREE_ORDER, FindingKind.LEAK);
        assertThat(findings)
                .allSatisfy(f -> assertThat(f.ownerChain()).startsWith("Buffer#10 (backing) → MeshBuffer@"));
    }

    @Test
    void meshDeviceClosedWithALiveMeshBuffer_closedAfterwards_neverReleased_isMeshClosedLiveNamingIt() {
        meshCreate(10, 0x10000);
        ledger.allocatorClosing(meshAlloc, 0, true);
        ledger.meshBufferClosed(mesh, 0x10000);

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.MESH_CLOSED_LIVE);
            assertThat(f.object()).startsWith("MeshBuffer");
            assertThat(f.details()).singleElement().asString().contains("(2 device-local aliases)");
        });
    }

    @Test
    void deviceLocalFreedExplicitly_isFreeThroughAliasOfTheBacking_untilTheMeshBufferCloses() {
        meshCreate(10, 0x10000);

        ledger.freeRequested(true, 11, 11, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20);
        ledger.meshBufferDeallocated(mesh, 0x10000);
        free(meshAlloc, DRAM, 0x10000);
        ledger.meshBufferClosed(mesh, 0x10000);
        ledger.freeRequested(true, 12, 12, false, ALLOCATED, alloc0, 0, false, DRAM, 0x10000, 4 << 20);

        List<Finding> findings = ledger.exitSnapshot().findings();
        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.ALIAS_FREE, FindingKind.ALIAS_FREE);
        assertThat(findings.get(0).ownerChain()).startsWith("Buffer#11 (device-local) → Buffer#10 (backing)");
        // Once closed, the mesh buffer's device-local buffers are no longer known to belong to it.
        assertThat(findings.get(1).ownerChain()).doesNotContain("device-local");
    }

    @Test
    void meshClosedWhileBackingStillLive_isFreeOrderViolation() {
        meshCreate(10, 0x10000);
        ledger.meshBufferDeallocated(mesh);
        ledger.meshBufferClosed(mesh);
        free(meshAlloc, DRAM, 0x10000);

        assertThat(kinds()).containsExactly(FindingKind.FREE_ORDER);
    }

    @Test
    void meshDeviceClosedWithLiveMeshBuffer_isItsOwnKindAndNoLeakAtExit() {
        meshCreate(10, 0x10000);

        ledger.allocatorClosing(meshAlloc, 0, true);
        ledger.markedDeallocated(10, true, ALLOCATED, meshAlloc, 0x10000);
        ledger.meshBufferDeallocated(mesh);
        ledger.meshBufferClosed(mesh);

        assertThat(kinds()).containsExactly(FindingKind.MESH_CLOSED_LIVE);
    }

    @Test
    void plainBufferOfAMeshDeviceReleasedAfterTheMeshClosed_isMeshClosedLive_neverReleased_isLeak() {
        open();
        ledger.deviceOpened(new Object(), meshAlloc, 0, true, "WORMHOLE_B0", 1, 1, 0, 0, new int[] {0});
        allocate(1, alloc0, 0, false, DRAM, 0x100, 64);
        allocate(2, alloc0, 0, false, DRAM, 0x200, 64);
        at("App.teardown(App.java:50)");
        ledger.allocatorClosing(meshAlloc, 0, true);
        ledger.allocatorClosing(alloc0, 0, false);
        at("App.teardown(App.java:51)");

        ledger.freeRequested(false, 1, 1, true, ALLOCATED, alloc0, 0, false, DRAM, 0x100, 64);

        Snapshot s = ledger.exitSnapshot();
        assertThat(s.findings())
                .extracting(Finding::kind)
                .containsExactly(FindingKind.MESH_CLOSED_LIVE, FindingKind.LEAK);
        assertThat(s.findings().get(0).site("mesh 0 closed").site()).isEqualTo("App.teardown(App.java:50)");
        assertThat(s.findings().get(0).site("released after close").site()).isEqualTo("App.teardown(App.java:51)");
        assertThat(s.findings().get(1).object()).isEqualTo("Buffer#2");
    }

    /** Records what the ledger streams to the allocation server. */
    private static final class Recording implements LedgerListener {
        final List<String> events = new java.util.ArrayList<>();

        @Override
        public void deviceOpened(
                int deviceId, boolean isMesh, String arch, long dram, long l1, long l1Small, long trace) {
            events.add("device " + deviceId + (isMesh ? " mesh" : ""));
        }

        @Override
        public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
            events.add("alloc " + objectId + " dev " + deviceId + " type " + bufferType + " size " + size);
        }

        @Override
        public void freed(long objectId) {
            events.add("free " + objectId);
        }

        @Override
        public void finding(long objectId, String kind, String line) {
            events.add("finding " + kind);
        }
    }

    @Test
    void serverStream_meshBufferPerPhysicalDeviceThroughItsAliases_oneRecordEach() {
        Recording server = new Recording();
        Ledger streaming = new Ledger(0, false, server);
        streaming.deviceOpened(new Object(), meshAlloc, 0, true, "WORMHOLE_B0", 1, 1, 0, 0, new int[] {0, 1});
        streaming.meshBufferCreating();
        streaming.allocatorAllocated(meshAlloc, DRAM, 0x100, 64);
        streaming.bufferAllocated(10, meshAlloc, 0, true, DRAM, 0x100, 64);
        streaming.meshBufferCreated(mesh, meshAlloc, 0, 10, new long[] {11, 12}, new int[] {0, 1}, DRAM, 0x100, 64);
        streaming.allocatorFreeing(meshAlloc, DRAM, 0x100);

        assertThat(server.events)
                .containsExactly(
                        "device 0 mesh",
                        "alloc 11 dev 0 type 0 size 64",
                        "alloc 12 dev 1 type 0 size 64",
                        "free 11",
                        "free 12");
    }

    @Test
    void serverStream_circularBuffersPerDeviceUntilProgramClose_kernelBinariesAsType6() {
        Recording server = new Recording();
        Ledger streaming = new Ledger(0, false, server);
        streaming.deviceOpened(new Object(), meshAlloc, 0, true, "WORMHOLE_B0", 1, 1, 0, 0, new int[] {0, 1});
        streaming.circularBuffersAllocated(7, meshAlloc, 0, true, new long[] {101152}, new long[] {4096});
        streaming.circularBuffersAllocated(7, meshAlloc, 0, true, new long[] {101152}, new long[] {4096});
        streaming.programClosed(7);
        streaming.kernelBinaries(true);
        streaming.allocatorAllocated(alloc0, DRAM, 0x200, 2048);
        streaming.bufferAllocated(20, alloc0, 3, false, DRAM, 0x200, 2048);
        streaming.kernelBinaries(false);

        assertThat(server.events.stream()
                        .filter(e -> e.startsWith("alloc"))
                        .map(e -> e.replaceAll("alloc -?\\d+ ", "")))
                .containsExactly("dev 0 type 5 size 4096", "dev 1 type 5 size 4096", "dev 3 type 6 size 2048");
        assertThat(server.events.stream().filter(e -> e.startsWith("free"))).hasSize(2);
    }

    @Test
    void bufferHeldOnlyByDroppedProgramPool_isProgramPoolLeak() {
        open();
        allocate(1, alloc0, 0, false, L1, 0x100, 262144);
        ledger.programBufferAdded(341, 1, 1, alloc0, 0x100);

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PROGRAM_POOL_LEAK);
            assertThat(f.ownerChain()).isEqualTo("Buffer#1 → pool → Program#341");
        });
    }

    @Test
    void releasedOrClosedProgram_noLongerHoldsItsPool() {
        open();
        allocate(1, alloc0, 0, false, L1, 0x100, 64);
        allocate(2, alloc0, 0, false, L1, 0x200, 64);
        ledger.programBufferAdded(1, 1, 1, alloc0, 0x100);
        ledger.programBufferAdded(2, 2, 2, alloc0, 0x200);
        ledger.programBuffersReleased(1);
        ledger.programClosed(2);

        assertThat(kinds()).isEmpty();
        assertThat(ledger.exitSnapshot().findings())
                .extracting(Finding::kind)
                .containsExactly(FindingKind.LEAK, FindingKind.LEAK);
    }

    @Test
    void cbClashMessage_becomesFindingListingL1BuffersBelowTheRegionEnd() {
        open();
        at("App.main(App.java:40)");
        allocate(1, alloc0, 0, false, L1, 509952, 989184);
        allocate(2, alloc0, 0, false, L1, 700000, 1024);
        String message = "Statically allocated circular buffers in program 341 clash with L1 buffers on core range"
                + " [(x=0,y=0) - (x=7,y=7)]. L1 buffer allocated at 509952 and static circular buffer region ends"
                + " at 668192";

        ledger.circularBufferRegionInvalid(341, alloc0, 0, false, new IllegalStateException(message));

        Finding f = ledger.snapshot().findings().get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.CB_CLASH);
        assertThat(f.object()).isEqualTo("Program#341");
        assertThat(f.address()).isEqualTo(509952);
        assertThat(f.details())
                .contains(message)
                .anyMatch(d -> d.contains("Buffer#1: 989184 bytes at 509952, allocated at App.main(App.java:40)"))
                .noneMatch(d -> d.contains("Buffer#2"));
    }

    @Test
    void outOfMemory_listsLiveBuffersOfThatTypeLargestFirst() {
        open();
        allocate(1, alloc0, 0, false, DRAM, 0x100, 100);
        allocate(2, alloc0, 0, false, DRAM, 0x200, 300);
        allocate(3, alloc0, 0, false, L1, 0x300, 999);

        ledger.allocatorFailed(alloc0, DRAM, 1 << 30, new IllegalStateException("Out of Memory: Not enough space"));

        Finding f = ledger.snapshot().findings().get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.OUT_OF_MEMORY);
        assertThat(f.details())
                .containsSubsequence("Out of Memory: Not enough space", "2 live DRAM buffers hold 400 bytes:");
        assertThat(String.join("\n", f.details()))
                .containsSubsequence("Buffer#2", "Buffer#1")
                .doesNotContain("Buffer#3");
    }

    @Test
    void explicitCheck_reportsLiveMemoryOnceAndNotAgainAtExit() {
        open();
        allocate(1, alloc0, 0, false, DRAM, 0x100, 100);

        assertThat(ledger.checkLeaks()).isEqualTo(1);
        assertThat(ledger.exitSnapshot().findings())
                .singleElement()
                .satisfies(f -> assertThat(f.when()).isEqualTo("at explicit check"));
    }

    @Test
    void stacksAtParanoid_recordedForEveryAllocation() {
        Ledger paranoid = new Ledger(1, false, null);
        paranoid.allocatorAllocated(alloc0, DRAM, 0x100, 64);
        paranoid.bufferAllocated(1, alloc0, 0, false, DRAM, 0x100, 64);

        Finding f = paranoid.exitSnapshot().findings().get(0);

        assertThat(f.site("allocated").stack())
                .isNotEmpty()
                .first()
                .asString()
                .contains("LedgerTest.stacksAtParanoid_recordedForEveryAllocation");
    }

    @Test
    void rulesResource_acquiredNotReleased_leaks_releasedTwice_isNoFinding() {
        Object file = new Object();
        Object other = new Object();
        ledger.ruleAcquired(file, "java.io.FileInputStream");
        ledger.ruleAcquired(other, "java.io.FileInputStream");
        ledger.ruleReleased(other, "java.io.FileInputStream");
        ledger.ruleReleased(other, "java.io.FileInputStream");

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.LEAK);
            assertThat(f.objectType()).isEqualTo("java.lang.Object");
        });
    }

    @Test
    void rulesAlias_notTracked_releasingItIsAliasFree() {
        Object owner = new Object();
        Object alias = new Object();
        ledger.useRules(new RuleIntrospector() {
            @Override
            public boolean owns(Object resource) {
                return true;
            }

            @Override
            public Object owner(Object resource) {
                return resource == alias ? owner : null;
            }
        });
        ledger.ruleAcquired(owner, "Lease");
        ledger.ruleAcquired(alias, "Lease");
        ledger.ruleReleased(alias, "Lease");
        ledger.ruleReleased(owner, "Lease");

        assertThat(ledger.exitSnapshot().findings())
                .singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(FindingKind.ALIAS_FREE));
    }

    @Test
    void rulesResource_acquiredByNestedConstructors_isOneAcquisitionAtTheApplicationsCallSite() {
        Object file = new Object();
        Sites.enterRule(Sites.register("App.open(App.java:7)"));
        // FileInputStream(String) delegates to FileInputStream(File): the inner exit fires first, then the outer.
        ledger.ruleAcquired(file, "java.io.FileInputStream");
        ledger.ruleAcquired(file, "java.io.FileInputStream");

        Snapshot exit = ledger.exitSnapshot();
        assertThat(exit.allocations()).isEqualTo(1);
        assertThat(exit.findings())
                .singleElement()
                .satisfies(f -> assertThat(f.site("acquired").site()).isEqualTo("App.open(App.java:7)"));
    }

    @Test
    void ruleCallSite_isTakenByItsEvent_soALaterAcquisitionWithoutOneDoesNotInheritIt() {
        Object opened = new Object();
        Object internal = new Object();
        Sites.enterRule(Sites.register("App.open(App.java:9)"));
        ledger.ruleAcquired(opened, "java.io.FileInputStream");
        // No instrumented call precedes this one, as when the JDK opens a file for itself.
        ledger.ruleAcquired(internal, "java.io.FileInputStream");

        assertThat(Sites.takeRuleSite()).isEqualTo(Sites.UNKNOWN);
        assertThat(ledger.exitSnapshot().findings())
                .extracting(f -> f.site("acquired").site())
                .hasSize(2)
                .containsOnlyOnce("App.open(App.java:9)");
    }

    @Test
    void rulesResource_droppedWithoutRelease_isCollectedAndReportedAsSuch() throws InterruptedException {
        WeakReference<Object> dropped = acquireAndDrop();
        for (int i = 0; i < 100 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        // The ledger held no strong reference: the object went as it would without the agent.
        assertThat(dropped.get()).as("collected").isNull();
        Object kept = new Object();
        ledger.ruleAcquired(kept, "java.io.FileInputStream");

        assertThat(ledger.exitSnapshot().findings())
                .extracting(Finding::when)
                .containsExactlyInAnyOrder(Ledger.COLLECTED, "at exit");
        assertThat(kept).isNotNull();
    }

    private WeakReference<Object> acquireAndDrop() {
        Object resource = new Object();
        ledger.ruleAcquired(resource, "java.io.FileInputStream");
        return new WeakReference<>(resource);
    }

    @Test
    void rulesEventsOfTheAgentsOwnWork_areNotTheApplications() throws InterruptedException {
        Object byAgentThread = new Object();
        Object duringAgentWork = new Object();
        Thread agent = new Thread(
                () -> ledger.ruleAcquired(byAgentThread, "java.io.FileInputStream"),
                ThreadContext.AGENT_THREADS + "server-client");
        agent.start();
        agent.join();
        ThreadContext context = ThreadContext.current();
        context.agentWork = true;
        try {
            ledger.ruleAcquired(duringAgentWork, "java.io.FileInputStream");
        } finally {
            context.agentWork = false;
        }

        Snapshot exit = ledger.exitSnapshot();
        assertThat(exit.findings()).isEmpty();
        assertThat(exit.allocations()).isZero();
        assertThat(List.of(byAgentThread, duringAgentWork)).hasSize(2);
    }

    /** Rules with a {@code use} rule: released resources are remembered. */
    private static final RuleIntrospector TRACKS_USE = new RuleIntrospector() {
        @Override
        public boolean owns(Object resource) {
            return true;
        }

        @Override
        public Object owner(Object resource) {
            return null;
        }

        @Override
        public boolean tracksUse() {
            return true;
        }
    };

    @Test
    void rulesResource_usedAfterRelease_isReportedOnceWithUseReleaseAndAcquireSites() {
        ledger.useRules(TRACKS_USE);
        Object lease = new Object();
        Sites.enterRule(Sites.register("App.take(App.java:3)"));
        ledger.ruleAcquired(lease, "a.Lease");
        Sites.enterRule(Sites.register("App.giveBack(App.java:4)"));
        ledger.ruleReleased(lease, "a.Lease");
        Sites.enterRule(Sites.register("App.stale(App.java:5)"));
        ledger.ruleUsed(lease, "a.Lease", "read");
        Sites.enterRule(Sites.register("App.stale(App.java:6)"));
        ledger.ruleUsed(lease, "a.Lease", "read");

        assertThat(ledger.exitSnapshot().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.USE_AFTER_FREE);
            assertThat(f.sites())
                    .extracting(s -> s.label() + " " + s.site())
                    .containsExactly(
                            "used App.stale(App.java:5)",
                            "released App.giveBack(App.java:4)",
                            "acquired App.take(App.java:3)");
            assertThat(f.details()).singleElement().asString().startsWith("a.Lease.read() called on ");
        });
    }

    @Test
    void rulesResource_usedWhileHeld_orAfterBeingHandedOutAgain_isNoFinding() {
        ledger.useRules(TRACKS_USE);
        Object pooled = new Object();
        ledger.ruleAcquired(pooled, "a.Lease");
        ledger.ruleUsed(pooled, "a.Lease", "read");
        ledger.ruleReleased(pooled, "a.Lease");
        // A pool hands the same object out again.
        ledger.ruleAcquired(pooled, "a.Lease");
        ledger.ruleUsed(pooled, "a.Lease", "read");
        ledger.ruleReleased(pooled, "a.Lease");

        assertThat(ledger.exitSnapshot().findings()).isEmpty();
    }

    @Test
    void rulesResource_withoutUseRules_releasedOnesAreNotRemembered() {
        Object lease = new Object();
        ledger.ruleAcquired(lease, "a.Lease");
        ledger.ruleReleased(lease, "a.Lease");
        ledger.ruleUsed(lease, "a.Lease", "read");

        assertThat(ledger.exitSnapshot().findings()).isEmpty();
    }

    @Test
    void manyCollectedAtOneSite_theFirstAreListed_theRestCounted_noneLost() throws InterruptedException {
        int dropped = Ledger.COLLECTED_LISTED + 4;
        Sites.enterRule(Sites.register("App.open(App.java:8)"));
        int site = Sites.takeRuleSite();
        List<WeakReference<Object>> refs = new java.util.ArrayList<>();
        for (int i = 0; i < dropped; i++) {
            Sites.enterRule(site);
            refs.add(acquireAndDrop());
        }
        for (int i = 0; i < 100 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(refs).allSatisfy(r -> assertThat(r.get()).isNull());

        Snapshot exit = ledger.exitSnapshot();
        assertThat(exit.leakedObjects()).isEqualTo(dropped);
        assertThat(exit.findings()).hasSize(Ledger.COLLECTED_LISTED + 1).allSatisfy(f -> {
            assertThat(f.when()).isEqualTo(Ledger.COLLECTED);
            assertThat(f.site("acquired").site()).isEqualTo("App.open(App.java:8)");
        });
        assertThat(exit.findings())
                .filteredOn(f -> f.objects() > 1)
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.objects()).isEqualTo(4);
                    assertThat(f.details()).singleElement().asString().startsWith("4 more java.lang.Object objects");
                });
    }
}
