package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RuleCheckerTest {
    private static List<RuleChecker.Method> fileInputStream;

    @BeforeAll
    static void readTheJdksClassFile() throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/io/FileInputStream.class")) {
            fileInputStream = RuleChecker.methods(in.readAllBytes());
        }
    }

    private static String problem(String verb, String method) {
        return RuleChecker.problem(new RulesFile.Rule(verb, "java.io.FileInputStream", method), fileInputStream);
    }

    @Test
    void methods_areTheClassFilesDeclaredMethodsAndConstructors() {
        assertThat(fileInputStream)
                .extracting(RuleChecker.Method::name)
                .contains("<init>", "close", "read", "available", "getChannel")
                .doesNotContain("mark", "transferTo");
        assertThat(fileInputStream).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("read");
            assertThat(m.descriptor()).isEqualTo("()I");
        });
    }

    @Test
    void rulesThatApply_haveNoProblem() {
        assertThat(problem("acquire", "<init>")).isNull();
        assertThat(problem("release", "close")).isNull();
        assertThat(problem("use", "read")).isNull();
        assertThat(problem("acquire", "getChannel")).isNull();
        assertThat(problem("owns", "available")).isNull();
    }

    @Test
    void misspelledOrInheritedMethod_isNamedWithWhatToDo() {
        assertThat(problem("release", "clse"))
                .isEqualTo("java.io.FileInputStream declares no method clse (rules instrument the methods a class"
                        + " declares, not the ones it inherits); check the spelling, or name the class that declares"
                        + " clse");
        // mark() is InputStream's: advice on FileInputStream could never reach it.
        assertThat(problem("use", "mark")).contains("declares no method mark");
    }

    @Test
    void methodOfTheWrongShape_isNamed() {
        assertThat(problem("acquire", "available"))
                .startsWith("every available of java.io.FileInputStream returns a primitive or void");
        assertThat(problem("owns", "skip"))
                .isEqualTo("java.io.FileInputStream declares no instance method skip() without arguments, which owns"
                        + " calls on each resource");
        // read0 is native: no body to put advice in.
        assertThat(problem("use", "read0"))
                .isEqualTo("every read0 of java.io.FileInputStream is abstract or native, and advice needs a method"
                        + " body; name the class that implements read0");
        assertThat(RuleChecker.problem(
                        new RulesFile.Rule("release", "java.io.Closeable", "close"),
                        List.of(new RuleChecker.Method(0x0401, "close", "()V"))))
                .startsWith("every close of java.io.Closeable is abstract or native");
        assertThat(RuleChecker.problem(
                        new RulesFile.Rule("release", "java.lang.Integer", "parseInt"),
                        List.of(new RuleChecker.Method(0x0009, "parseInt", "(Ljava/lang/String;)I"))))
                .isEqualTo("every parseInt of java.lang.Integer is static; release needs the resource as the receiver:"
                        + " name an instance method");
    }
}
