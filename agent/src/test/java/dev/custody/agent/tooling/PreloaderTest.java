package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PreloaderTest {
    private static final ClassLoader LOADER = PreloaderTest.class.getClassLoader();

    @Test
    void everyListedClassExists_soARenameCannotSilentlyShortenTheList() {
        for (String name : Stream.concat(Preloader.TRACKING.stream(), Preloader.COUNTING.stream())
                .toList()) {
            assertThatCode(() -> Class.forName(name, false, LOADER)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void neverInitializesTheHolderThatFixesTheSink() {
        List<String> all = Stream.concat(Preloader.TRACKING.stream(), Preloader.COUNTING.stream())
                .toList();
        assertThat(all).noneMatch(name -> name.startsWith("dev.custody.agent.bootstrap.Custody$"));
    }

    @Test
    void listsNoClassTwice() {
        assertThat(Preloader.TRACKING).doesNotHaveDuplicates();
        assertThat(Preloader.COUNTING).doesNotHaveDuplicates();
    }
}
