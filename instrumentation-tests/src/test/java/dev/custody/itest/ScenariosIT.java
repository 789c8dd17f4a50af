package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One forked JVM per scenario of {@code dev.custody.itest.scenario.Scenario}, run under the agent. */
class ScenariosIT {
    private static final String MAIN = "dev.custody.itest.scenario.Scenario";
    private static final String AT = "dev.custody.itest.scenario.Scenario.";
    private static final Path SCENARIO = Path.of("src/test/java/dev/custody/itest/scenario/Scenario.java");

    @TempDir
    Path dir;

    private record Run(ForkedJvm.Result result, List<String> jsonl) {
        List<String> findings() {
            return Findings.findings(jsonl);
        }

        String summary() {
            return Findings.summary(jsonl);
        }
    }

    private Run run(String scenario) {
        Path report = dir.resolve(scenario + ".jsonl");
        ForkedJvm.Result r = ForkedJvm.run("strict=true,format=jsonl,out=" + report, MAIN, scenario);
        assertThat(r.stdout()).as(r.toString()).contains("done " + scenario);
        assertThat(r.exit()).as(r.toString()).isZero();
        return new Run(r, ForkedJvm.Result.jsonl(report));
    }

    private static void assertKinds(Run run, String... kinds) {
        assertThat(Findings.kinds(run.jsonl())).as(run.result().toString()).containsExactly(kinds);
        assertThat(run.summary()).contains("\"agentErrors\":0");
    }

    @Test
    void clean_noFindingsNothingActive() {
        Run run = run("clean");

        assertKinds(run);
        assertThat(run.summary()).contains("\"allocations\":1,\"frees\":1,\"activeAllocations\":0");
    }

    @Test
    void fourThreadsOnOneAllocator_everyEventCountedAndOnlyTheFourKeptBuffersLeak() {
        // The allocator's events reach the ledger from inside its critical section, and the ledger's writes rely
        // on that lock: four threads allocating, viewing, reading and freeing on one device must stay exact.
        Run run = run("threads");

        assertKinds(run, "leak", "leak", "leak", "leak");
        assertThat(run.summary()).contains("\"allocations\":20004,\"frees\":20000,\"activeAllocations\":4");
        assertThat(run.findings()).allSatisfy(f -> assertThat(f).contains("\"size\":8192", "\"when\":\"at exit\""));
        for (String f : run.findings()) {
            assertThat(Findings.site(f, "allocated")).startsWith(AT + "lambda$threads$");
        }
    }

    @Test
    void leak_liveAtExitWithItsAllocationSite() {
        Run run = run("leak");

        assertKinds(run, "leak");
        assertThat(Findings.site(run.findings().get(0), "allocated")).startsWith(AT + "leak(Scenario.java:");
        assertThat(run.findings().get(0))
                .contains("\"object\":\"Buffer#", "\"size\":8192", "\"device\":\"device 0\"")
                .contains("\"when\":\"at exit\"");
    }

    @Test
    void explicitCheck_reportsWhatIsLiveAtTheCheckOnce() {
        Run run = run("explicit-check");

        assertThat(run.result().stdout()).contains("check found 1");
        assertKinds(run, "leak");
        assertThat(run.findings().get(0)).contains("\"when\":\"at explicit check\"");
    }

    @Test
    void unknownFree_addressNeverHandedOut() {
        Run run = run("unknown-free");

        assertKinds(run, "free-of-unknown-memory");
        assertThat(run.findings().get(0)).contains("\"address\":" + 0x12340);
        assertThat(Findings.site(run.findings().get(0), "freed")).startsWith(AT + "unknownFree(Scenario.java:");
    }

    @Test
    void useAfterFree_writeToDeallocatedBuffer() {
        Run run = run("use-after-free");

        assertKinds(run, "use-after-free");
        String f = run.findings().get(0);
        assertThat(Findings.site(f, "write")).startsWith(AT + "useAfterFree(Scenario.java:");
        assertThat(Findings.site(f, "freed")).startsWith(AT + "useAfterFree(Scenario.java:");
        assertThat(Findings.site(f, "allocated")).startsWith(AT + "useAfterFree(Scenario.java:");
    }

    @Test
    void addressOfFreedBuffer_isUseAfterFreeNamingTheNewOwner() {
        Run run = run("address-after-free");

        assertKinds(run, "use-after-free");
        String f = run.findings().get(0);
        assertThat(Findings.site(f, "address()")).startsWith(AT + "addressAfterFree(Scenario.java:");
        assertThat(f).contains("the address now belongs to Buffer#");
    }

    @Test
    void methodReferences_carryTheSiteOfTheLineTheyAreWrittenOn() throws IOException {
        // A method reference has no call instruction in the class, and its call runs in a hidden class: without the
        // agent's bridge it would carry the site of whatever tracked call the thread made last.
        Run run = run("method-references");

        assertKinds(run, "double-free", "use-after-free");
        String doubleFree = run.findings().get(0);
        assertThat(Findings.site(doubleFree, "second free")).isEqualTo(marked("stored reference"));
        assertThat(Findings.site(doubleFree, "first free")).isEqualTo(marked("forEach"));
        assertThat(Findings.site(doubleFree, "allocated")).isEqualTo(marked("allocated a"));
        String stale = run.findings().get(1);
        assertThat(Findings.site(stale, "address()")).isEqualTo(marked("address reference"));
        assertThat(Findings.site(stale, "freed")).isEqualTo(marked("forEach"));
    }

    @Test
    void freesOutsideADirectCall_closeThroughAnInterfaceHasItsLine_reflectionNoLineRatherThanAWrongOne()
            throws IOException {
        Run run = run("uninstrumented-calls");

        assertKinds(run, "use-after-free", "use-after-free");
        assertThat(Findings.site(run.findings().get(0), "freed"))
                .isEqualTo(marked("uninstrumentedCalls", "closed through AutoCloseable"));
        // Before, the reflective free carried the thread's last site: the close's line above.
        assertThat(Findings.site(run.findings().get(1), "freed")).isEqualTo("<unknown site>");
    }

    /** The site text of the line of Scenario.methodReferences marked {@code // <-- site: WHAT}. */
    private static String marked(String what) throws IOException {
        return marked("methodReferences", what);
    }

    /** The site text of the line of Scenario's {@code method} marked {@code // <-- site: WHAT}. */
    private static String marked(String method, String what) throws IOException {
        List<String> lines = Files.readAllLines(SCENARIO);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// <-- site: " + what)) {
                return AT + method + "(Scenario.java:" + (i + 1) + ")";
            }
        }
        throw new AssertionError("no line marked '// <-- site: " + what + "' in " + SCENARIO);
    }

    @Test
    void outOfMemory_namesTheLiveBuffersFillingTheBank() {
        Run run = run("out-of-memory");

        assertKinds(run, "out-of-memory");
        assertThat(run.findings().get(0))
                .contains("Out of Memory: Not enough space to allocate 16777216 B L1 buffer across 64 banks")
                .contains(" live L1 buffers hold ")
                .contains("allocated at " + AT + "outOfMemory(Scenario.java:");
    }

    @Test
    void freeOrder_meshBufferClosedWhileItsBackingIsStillHeld() {
        Run run = run("free-order");

        assertKinds(run, "free-order-violation");
        assertThat(run.findings().get(0)).contains("(backing) → MeshBuffer@", "8 device-local aliases");
        assertThat(Findings.site(run.findings().get(0), "closed")).startsWith(AT + "freeOrder(Scenario.java:");
    }

    @Test
    void deviceLocalReadAfterDeallocate_isUseAfterFreeThroughTheAlias() {
        Run run = run("device-local-after-deallocate");

        assertKinds(run, "use-after-free");
        assertThat(run.findings().get(0)).contains("(device-local) → Buffer#", "(backing) → MeshBuffer@");
    }

    @Test
    void s5_replicatedMeshBuffer_oneAllocationOneFree() {
        Run run = run("s5");

        assertKinds(run);
        assertThat(run.summary()).contains("\"allocations\":1,\"frees\":1,\"activeAllocations\":0");
    }

    @Test
    void s6_staleDeviceLocalReadAfterReuse_namesTheNewOwner() {
        Run run = run("s6");

        assertThat(run.result().stdout()).contains("same address true");
        assertKinds(run, "use-after-free");
        assertThat(run.findings().get(0)).contains("the address now belongs to Buffer#");
        assertThat(run.summary()).contains("\"allocations\":2,\"frees\":2,\"activeAllocations\":0");
    }

    @Test
    void s7_meshClosedFirst_isReportedOnceForItsMeshBuffer() {
        Run run = run("s7");

        assertKinds(run, "mesh-closed-with-live-buffers");
        assertThat(Findings.site(run.findings().get(0), "mesh 0 closed")).startsWith(AT + "s7(Scenario.java:");
        assertThat(run.summary()).contains("\"activeAllocations\":0");
    }

    @Test
    void s8_poolBufferFreedOnce_programDestructionFreesNothingMore() {
        Run run = run("s8");

        assertKinds(run);
        assertThat(run.summary()).contains("\"allocations\":1,\"frees\":1,\"activeAllocations\":0");
    }

    @Test
    void s10_clash_listsTheL1BuffersBelowTheRegionEnd() {
        Run run = run("s10");

        assertKinds(run, "cb-clash");
        assertThat(run.findings().get(0))
                .contains("L1 buffer allocated at 509952 and static circular buffer region ends at 668192")
                .contains("\"address\":509952")
                .contains("1 L1 buffer(s) lie below 668192:")
                .contains("bytes at 509952, allocated at " + AT + "s10(Scenario.java:");
        assertThat(run.result().stdout()).contains("enqueue failed: Statically allocated circular buffers in program");
    }

    @Test
    void s12_circularBuffersOfTwoPrograms_neverAllocatorMemoryNeverAFinding() {
        Run run = run("s12");

        assertKinds(run);
        assertThat(run.summary()).contains("\"allocations\":0,\"frees\":0,\"activeAllocations\":0");
    }

    @Test
    void s13_threeRunsLeavingMemoryAtClose_threeLeaksButNothingAccumulates() {
        Run run = run("s13");

        assertKinds(run, "leak", "leak", "leak");
        assertThat(run.findings()).allMatch(f -> f.contains("\"when\":\"at close of device 0\""));
        assertThat(run.summary()).contains("\"activeAllocations\":0").contains("\"DRAM\":0");
    }
}
