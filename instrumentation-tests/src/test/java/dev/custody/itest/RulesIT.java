package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rules file makes the same engine track an application class and a JDK class. */
class RulesIT {
    private static final String MAIN = "dev.custody.itest.scenario.Scenario";
    private static final String AT = "dev.custody.itest.scenario.Scenario.";

    @TempDir
    Path dir;

    /** HotSpot's warning when an agent appends to the boot class path: the CDS archive's other classes go unshared. */
    private static final String BOOT_APPENDED = "bootstrap classpath has been appended";

    /** The last run's standard error. */
    private String stderr;

    /** The last run's standard output. */
    private String stdout;

    /** The last run's summary line. */
    private String summary;

    /** The rules that make {@code Lease} a resource (the shared empty lease is none), then {@code more}. */
    private static String[] leaseRules(String... more) {
        List<String> rules = new java.util.ArrayList<>(List.of(
                "acquire dev.custody.itest.scenario.Lease.<init>",
                "release dev.custody.itest.scenario.Lease.release",
                "owns    dev.custody.itest.scenario.Lease.holdsResource"));
        rules.addAll(List.of(more));
        return rules.toArray(String[]::new);
    }

    private List<String> run(String scenario, String... rules) throws IOException {
        Path file = dir.resolve("custody.rules");
        Files.write(file, List.of(rules));
        Path report = dir.resolve("report.jsonl");
        ForkedJvm.Result r = ForkedJvm.run("strict=true,format=jsonl,out=" + report + ",rules=" + file, MAIN, scenario);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("done " + scenario);
        assertThat(r.stderr()).as(r.toString()).doesNotContain("could not instrument");
        stderr = r.stderr();
        stdout = r.stdout();
        List<String> jsonl = ForkedJvm.Result.jsonl(report);
        summary = Findings.summary(jsonl);
        assertThat(summary).contains("\"agentErrors\":0");
        return Findings.findings(jsonl);
    }

    @Test
    void applicationClass_leakAndReleaseThroughAlias() throws IOException {
        List<String> findings = run(
                "rules-app",
                "# an application resource",
                "acquire dev.custody.itest.scenario.Lease.<init>",
                "release dev.custody.itest.scenario.Lease.release",
                "owns    dev.custody.itest.scenario.Lease.holdsResource",
                "owner   dev.custody.itest.scenario.Lease.owner");

        assertThat(findings).extracting(Findings::kind).containsExactlyInAnyOrder("leak", "free-through-alias");
        String leak = findings.stream()
                .filter(f -> Findings.kind(f).equals("leak"))
                .findFirst()
                .orElseThrow();
        assertThat(leak).contains("\"objectType\":\"dev.custody.itest.scenario.Lease\"");
        assertThat(Findings.site(leak, "acquired")).startsWith(AT + "rulesApp(Scenario.java:");
        String alias = findings.stream()
                .filter(f -> !Findings.kind(f).equals("leak"))
                .findFirst()
                .orElseThrow();
        assertThat(Findings.site(alias, "released through alias")).startsWith(AT + "rulesApp(Scenario.java:");
        // Application classes only: the agent leaves the boot class path alone, so the JVM keeps sharing its classes.
        assertThat(stderr).doesNotContain(BOOT_APPENDED);
    }

    @Test
    void applicationObjectDroppedWithoutRelease_isCollectedAsWithoutTheAgent_andReportedAsALeakAtItsSite()
            throws IOException {
        List<String> findings = run("rules-app-dropped", leaseRules());

        // The ledger holds resources weakly: an object the application dropped is collected as it would be anyway.
        assertThat(stdout).contains("collected true");
        assertThat(findings).as(findings.toString()).singleElement().satisfies(f -> {
            assertThat(Findings.kind(f)).isEqualTo("leak");
            assertThat(f).contains("\"when\":\"collected without release\"");
            assertThat(Findings.site(f, "acquired")).startsWith(AT + "rulesAppDropped(Scenario.java:");
        });
    }

    @Test
    void applicationObjectUsedAfterRelease_isAUseAfterFreeNamingTheUseTheReleaseAndTheAcquisition() throws IOException {
        List<String> findings = run("rules-app-use", leaseRules("use     dev.custody.itest.scenario.Lease.read"));

        assertThat(findings).as(findings.toString()).singleElement().satisfies(f -> {
            assertThat(Findings.kind(f)).isEqualTo("use-after-free");
            assertThat(f)
                    .contains("dev.custody.itest.scenario.Lease.read() called on dev.custody.itest.scenario.Lease@");
            assertThat(Findings.site(f, "used")).startsWith(AT + "rulesAppUse(Scenario.java:");
            assertThat(Findings.site(f, "released")).startsWith(AT + "rulesAppUse(Scenario.java:");
            assertThat(Findings.site(f, "acquired")).startsWith(AT + "rulesAppUse(Scenario.java:");
            // Three different lines: the stale read comes after the release, which comes after the acquisition.
            assertThat(List.of(Findings.site(f, "acquired"), Findings.site(f, "released"), Findings.site(f, "used")))
                    .doesNotHaveDuplicates();
        });
    }

    @Test
    void manyObjectsDroppedAtOneLine_sixteenListed_theRestCounted_allFortyInTheSummary() throws IOException {
        List<String> findings = run("rules-app-dropped-40", leaseRules());

        assertThat(stdout).contains("collected true");
        assertThat(findings).as(findings.toString()).hasSize(17).allSatisfy(f -> {
            assertThat(f).contains("\"when\":\"collected without release\"");
            assertThat(Findings.site(f, "acquired")).startsWith(AT + "rulesAppDropped(Scenario.java:");
        });
        assertThat(findings).filteredOn(f -> f.contains("\"objects\":24")).hasSize(1);
        assertThat(summary).contains("\"leakedObjects\":40");
    }

    @Test
    void jdkClass_unclosedFileInputStreamIsALeakAtItsSite_oneTheJdkOpensAtTheJdksSite() throws IOException {
        List<String> findings =
                run("rules-jdk", "acquire java.io.FileInputStream.<init>", "release java.io.FileInputStream.close");

        List<String> ours = findings.stream()
                .filter(f -> {
                    String site = Findings.site(f, "acquired");
                    return site != null && site.startsWith(AT + "rulesJdk(");
                })
                .toList();
        assertThat(ours).as(findings.toString()).singleElement().satisfies(f -> {
            assertThat(Findings.kind(f)).isEqualTo("leak");
            assertThat(f).contains("\"objectType\":\"java.io.FileInputStream\"");
        });
        // Scanner(File) opens its FileInputStream itself: no application call site precedes it, and it must not
        // inherit the scenario's last one (the line whose stream failed to open); one stack walk names the Scanner.
        assertThat(findings)
                .as(findings.toString())
                .filteredOn(f -> String.valueOf(Findings.site(f, "acquired")).startsWith("java.util.Scanner.<init>("))
                .singleElement()
                .satisfies(f -> assertThat(Findings.kind(f)).isEqualTo("leak"));
        // A JDK class needs the agent's bootstrap package in the boot loader: defined there, not appended to the boot
        // class path, so the JVM neither warns nor stops sharing its CDS archive's classes.
        assertThat(stderr).doesNotContain(BOOT_APPENDED).doesNotContain("[warning]");
    }

    @Test
    void ruleNamingAMethodTheClassDoesNotDeclare_isReportedAtLoad_andStrictFailsTheRun() throws IOException {
        Path file = dir.resolve("typo.rules");
        Files.write(
                file,
                List.of(
                        "acquire dev.custody.itest.scenario.Lease.<init>",
                        "release dev.custody.itest.scenario.Lease.relase",
                        "owns    dev.custody.itest.scenario.Lease.holdsResource"));

        ForkedJvm.Result r = ForkedJvm.run("strict=true,rules=" + file, MAIN, "rules-app");

        // The application runs (a rule is not an option), but the rule would have tracked nothing.
        assertThat(r.stdout()).as(r.toString()).contains("done rules-app");
        assertThat(r.stderr())
                .as(r.toString())
                .contains("custody: rules " + file + ": 'release dev.custody.itest.scenario.Lease.relase' tracks"
                        + " nothing: dev.custody.itest.scenario.Lease declares no method relase");
        assertThat(r.exit()).as(r.toString()).isNotZero();
    }

    @Test
    void unreadableRulesFile_stopsTheJvmBeforeMainLikeABadOption() {
        Path missing = dir.resolve("missing.rules");

        ForkedJvm.Result r = ForkedJvm.run("rules=" + missing, MAIN, "clean");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).as(r.toString()).doesNotContain("done clean");
        assertThat(r.stderr()).contains("custody: rules=" + missing + " cannot be read: ");
    }

    @Test
    void badRuleLine_stopsTheJvmNamingTheFileAndLine() throws IOException {
        Path file = dir.resolve("typo.rules");
        Files.write(file, List.of("# resources", "aquire java.io.FileInputStream.<init>"));

        ForkedJvm.Result r = ForkedJvm.run("rules=" + file, MAIN, "clean");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).as(r.toString()).doesNotContain("done clean");
        assertThat(r.stderr())
                .contains("custody: rules " + file
                        + " line 2: verb 'aquire' is not acquire, release, use, owns or owner");
    }
}
