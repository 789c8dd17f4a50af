package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    @TempDir
    Path dir;

    @Test
    void parse_commentsAndBlankLinesIgnored_rulesKeptInOrder() {
        RulesFile file = RulesFile.parse(
                "r",
                List.of(
                        "# resources",
                        "",
                        "acquire java.io.FileInputStream.<init>   # constructors",
                        "  release\tjava.io.FileInputStream.close  "));

        assertThat(file.rules())
                .containsExactly(
                        new RulesFile.Rule("acquire", "java.io.FileInputStream", "<init>"),
                        new RulesFile.Rule("release", "java.io.FileInputStream", "close"));
        assertThat(RulesFile.parse("r", List.of("# only a comment", "")).isEmpty())
                .isTrue();
    }

    @Test
    void parse_useRule_namesAMethodThatNeedsTheResource_andTurnsOnUseTracking() {
        RulesFile without = RulesFile.parse("r", List.of("acquire a.Lease.<init>", "release a.Lease.release"));
        RulesFile with =
                RulesFile.parse("r", List.of("acquire a.Lease.<init>", "release a.Lease.release", "use a.Lease.read"));

        assertThat(with.rules()).contains(new RulesFile.Rule("use", "a.Lease", "read"));
        assertThat(with.tracksUse()).isTrue();
        assertThat(without.tracksUse()).isFalse();
        assertThatThrownBy(() -> RulesFile.parse("r", List.of("use a.Lease.<init>")))
                .hasMessageContaining("only acquire may name constructors");
    }

    @Test
    void parse_repeatedRule_keptOnce_soTheCacheKeyIgnoresTheRepeat() {
        RulesFile once = RulesFile.parse("r", List.of("acquire a.B.<init>", "release a.B.close"));
        RulesFile twice =
                RulesFile.parse("r", List.of("acquire a.B.<init>", "release a.B.close", "acquire  a.B.<init>"));

        assertThat(twice.rules()).isEqualTo(once.rules());
        assertThat(twice.canonicalText())
                .isEqualTo(once.canonicalText())
                .isEqualTo("acquire a.B.<init>\nrelease a.B.close\n");
        assertThat(twice.classNames()).containsExactly("a.B");
    }

    @Test
    void parse_badLines_rejectedWithFileAndLineNumber() {
        assertThatThrownBy(() -> RulesFile.parse("r.txt", List.of("", "grab java.io.File.open")))
                .hasMessage("custody: rules r.txt line 2: verb 'grab' is not acquire, release, use, owns or owner");
        assertThatThrownBy(() -> RulesFile.parse("r.txt", List.of("acquire FileInputStream")))
                .hasMessageContaining("line 1: 'FileInputStream' is not CLASS.METHOD");
        assertThatThrownBy(() -> RulesFile.parse("r.txt", List.of("release a.B.<init>")))
                .hasMessageContaining("only acquire may name constructors");
        assertThatThrownBy(() -> RulesFile.parse("r.txt", List.of("acquire a.B.c extra")))
                .hasMessageContaining("is not 'VERB CLASS.METHOD'");
    }

    @Test
    void read_missingFile_rejectedNamingTheFile() {
        Path missing = dir.resolve("missing.rules");

        assertThatThrownBy(() -> RulesFile.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("custody: rules=" + missing + " cannot be read: ")
                .hasMessageContaining("FileNotFoundException");
    }

    @Test
    void read_crlfLinesAndTabs_likeUnixLines() throws IOException {
        Path file = dir.resolve("windows.rules");
        Files.writeString(
                file,
                "# made on Windows\r\nacquire\tjava.io.FileInputStream.<init>\r\n\r\nrelease java.io.FileInputStream.close");

        assertThat(RulesFile.read(file).canonicalText())
                .isEqualTo("acquire java.io.FileInputStream.<init>\nrelease java.io.FileInputStream.close\n");
    }

    @Test
    void read_badLine_rejectedWithThePathAndLineNumber() throws IOException {
        Path file = dir.resolve("bad.rules");
        Files.write(file, List.of("acquire java.io.FileInputStream.<init>", "close java.io.FileInputStream.close"));

        assertThatThrownBy(() -> RulesFile.read(file))
                .hasMessage(
                        "custody: rules " + file + " line 2: verb 'close' is not acquire, release, use, owns or owner");
    }

    @Test
    void namesBootClasses_trueForAJdkClass_falseForApplicationClassesOnly() {
        String app = RulesFileTest.class.getName();

        assertThat(RulesFile.parse("r", List.of("acquire " + app + ".<init>", "release " + app + ".close"))
                        .namesBootClasses())
                .isFalse();
        assertThat(RulesFile.parse("r", List.of("acquire " + app + ".<init>", "acquire java.io.FileInputStream.<init>"))
                        .namesBootClasses())
                .isTrue();
        // A platform-loader module's class (java.sql) counts too: its loader delegates to the boot class path.
        assertThat(RulesFile.parse("r", List.of("release java.sql.DriverManager.deregisterDriver"))
                        .namesBootClasses())
                .isTrue();
        assertThat(RulesFile.parse("r", List.of("release no.such.Type.close")).namesBootClasses())
                .isFalse();
    }
}
