package dev.custody.metal.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.custody.metal.device.Arch;
import dev.custody.metal.device.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The llama job run in-process: determinism, clean teardown, and what each injected bug does. */
class LlamaJobTest {
    private static final LlamaOptions SMALL = LlamaOptions.defaults().withSize(2, 4);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private LlamaResult run(LlamaOptions options) {
        return LlamaJob.run(
                options,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void assertDevicesClosed(LlamaResult r) {
        assertThat(r.mesh().isClosed()).isTrue();
        assertThat(r.mesh().getDevices()).noneMatch(Device::isInitialized);
    }

    @Test
    void run_sameSeed_decodesTheSameTokens() {
        LlamaResult a = run(SMALL);
        LlamaResult b = run(SMALL);

        assertThat(a.tokens()).hasSize(5).isEqualTo(b.tokens());
        assertThat(a.checksum()).isEqualTo(b.checksum());
        assertThat(a.buffersCreated()).isEqualTo(b.buffersCreated());
        // Mesh ids count up per process, so compare the bytes only.
        assertThat(a.peaks())
                .extracting(MemoryPeak::dramBytes, MemoryPeak::l1Bytes)
                .isEqualTo(b.peaks().stream()
                        .map(p -> tuple(p.dramBytes(), p.l1Bytes()))
                        .toList());
    }

    @Test
    void run_otherSeed_decodesOtherBytes() {
        LlamaResult a = run(SMALL);
        LlamaResult b = run(new LlamaOptions(2, 4, Arch.WORMHOLE_B0, 2, 4, 43, Set.of(), false, false));

        assertThat(b.checksum()).isNotEqualTo(a.checksum());
    }

    @Test
    void run_clean_returnsEveryAllocatorToZeroAndClosesDevices() {
        LlamaResult r = run(SMALL);

        assertThat(r.exitStatus()).isZero();
        assertThat(r.error()).isNull();
        assertThat(r.allocatedAtClose()).hasValue(0);
        assertThat(r.observations()).isEmpty();
        assertDevicesClosed(r);
        assertThat(r.peaks()).hasSize(9);
        assertThat(r.peaks().get(0).dramBytes()).isPositive();
        assertThat(r.peaks().get(1).l1Bytes()).isPositive();
        assertThat(stdout())
                .contains("tokens: ")
                .contains("allocated at close: 0 B (every allocator back to zero)")
                .contains("devices closed: 8/8")
                .contains("buffers created: " + r.buffersCreated());
    }

    @Test
    void run_quiet_printsNothing() {
        run(new LlamaOptions(1, 2, Arch.WORMHOLE_B0, 1, 2, 1, Set.of(), true, true));

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void run_oddMeshShapes_areClean() {
        for (int cols : new int[] {1, 3}) {
            LlamaResult r = run(new LlamaOptions(1, cols, Arch.WORMHOLE_B0, 2, 3, 5, Set.of(), true, false));

            assertThat(r.exitStatus()).isZero();
            assertThat(r.allocatedAtClose()).hasValue(0);
            assertDevicesClosed(r);
        }
    }

    @Test
    void run_blackholeMesh_isClean() {
        LlamaResult r = run(new LlamaOptions(1, 2, Arch.BLACKHOLE, 2, 3, 5, Set.of(), true, false));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.allocatedAtClose()).hasValue(0);
        assertDevicesClosed(r);
    }

    @Test
    void bugLeak_leavesTheBufferAllocatedButStillClosesDevices() {
        LlamaResult clean = run(SMALL);
        LlamaResult r = run(SMALL.withBug(Bug.LEAK));

        assertThat(r.exitStatus()).isZero();
        // 256 B in 32-B pages over 64 L1 banks: one page per bank.
        assertThat(r.allocatedAtClose()).hasValue(32);
        assertThat(r.observations()).singleElement().asString().startsWith("bug leak: buffer ");
        assertThat(r.tokens()).isEqualTo(clean.tokens());
        assertDevicesClosed(r);
    }

    @Test
    void bugStaleView_readReturnsTheNewOwnersBytes() {
        LlamaResult r = run(SMALL.withBug(Bug.STALE_VIEW));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.observations())
                .singleElement()
                .asString()
                .startsWith("bug stale-view: view ")
                .contains("(same address), the new owner's data");
        assertThat(stdout()).contains("bug stale-view:");
        assertThat(r.allocatedAtClose()).hasValue(0);
        assertDevicesClosed(r);
    }

    @Test
    void bugPool_droppedProgramKeepsItsPoolBufferAllocated() {
        LlamaResult r = run(SMALL.withBug(Bug.POOL));

        assertThat(r.exitStatus()).isZero();
        // 64 B per bank on the mesh's L1 allocator, held by a program nobody can close.
        assertThat(r.allocatedAtClose()).hasValue(64);
        assertThat(r.observations()).singleElement().asString().startsWith("bug pool: buffer ");
        assertDevicesClosed(r);
    }

    @Test
    void bugMeshClosedFirst_meshBuffersDeallocatedAfterTheMeshIsGone() {
        LlamaResult r = run(SMALL.withBug(Bug.MESH_CLOSED_FIRST));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.allocatedAtClose()).isEmpty();
        // Embeddings, output table, and per layer a norm gain and two projections.
        int meshBuffers = 2 + 3 * SMALL.layers();
        assertThat(r.observations()).hasSize(2);
        assertThat(r.observations().get(0)).contains("closed with " + meshBuffers + " mesh buffers live");
        assertThat(r.observations().get(1))
                .startsWith("bug mesh-closed-first: " + meshBuffers + " of " + meshBuffers
                        + " mesh buffers took the mesh-gone path");
        assertThat(stdout()).contains("allocated at close: unknown");
        assertDevicesClosed(r);
    }

    @Test
    void bugDoubleFree_isSilentAndLeavesNothingBehind() {
        LlamaResult r = run(SMALL.withBug(Bug.DOUBLE_FREE));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.allocatedAtClose()).hasValue(0);
        assertThat(r.observations()).singleElement().asString().startsWith("bug double-free: buffer ");
        assertDevicesClosed(r);
    }

    @Test
    void bugAliasFree_deallocateOnAViewIsANoOp() {
        LlamaResult clean = run(SMALL);
        LlamaResult r = run(SMALL.withBug(Bug.ALIAS_FREE));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.observations()).singleElement().asString().endsWith("did nothing; status ALLOCATED");
        assertThat(r.tokens()).isEqualTo(clean.tokens());
        assertThat(r.allocatedAtClose()).hasValue(0);
    }

    @Test
    void bugCbClash_endsWithTheExactClashErrorAndStatus1() {
        LlamaResult r = run(SMALL.withBug(Bug.CB_CLASH));

        assertThat(r.exitStatus()).isEqualTo(1);
        assertThat(r.error())
                .matches("Statically allocated circular buffers in program \\d+ clash with L1 buffers on core range"
                        + " \\[\\(x=0,y=0\\) - \\(x=7,y=7\\)]\\. L1 buffer allocated at 101184 and static circular"
                        + " buffer region ends at \\d+");
        assertThat(stderr()).contains("TtException: " + r.error());
        // Stops halfway: the prompt token and the tokens of the first two steps.
        assertThat(r.tokens()).hasSize(3);
        assertThat(r.allocatedAtClose()).hasValue(0);
        assertDevicesClosed(r);
    }

    @Test
    void bugsCombine_leakAndPoolLeaveBothBehind() {
        LlamaResult r = run(SMALL.withBug(Bug.LEAK).withBug(Bug.POOL).withBug(Bug.DOUBLE_FREE));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.allocatedAtClose()).hasValue(32 + 64);
        assertThat(r.observations()).hasSize(3);
        assertDevicesClosed(r);
    }
}
