package dev.custody.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFilesTest {
    @Test
    void defaultDirectory_prefersAnAbsoluteXdgCacheHome_elseTheHomeDirectory() {
        assertThat(CacheFiles.defaultDirectory("/x/cache", "/home/u")).isEqualTo(Path.of("/x/cache/custody"));
        assertThat(CacheFiles.defaultDirectory("relative", "/home/u")).isEqualTo(Path.of("/home/u/.cache/custody"));
        assertThat(CacheFiles.defaultDirectory("", "/home/u")).isEqualTo(Path.of("/home/u/.cache/custody"));
        assertThat(CacheFiles.defaultDirectory(null, null)).isNull();
        assertThat(CacheFiles.defaultDirectory(null, "?")).isNull();
    }

    @Test
    void file_differsByModeAndRules_andIsStableWithinAProcess() {
        Path dir = Path.of("/c");
        Path sites = CacheFiles.file(dir, true, "");
        Path noSites = CacheFiles.file(dir, false, "");
        Path rules = CacheFiles.file(dir, true, "acquire java.io.FileInputStream.<init>\n");
        Path otherRules = CacheFiles.file(dir, true, "release java.io.FileInputStream.close\n");

        assertThat(sites).isNotNull().isEqualTo(CacheFiles.file(dir, true, ""));
        assertThat(sites.getFileName().toString()).matches("classes-[0-9a-f]{16}\\.bin");
        assertThat(noSites).isNotEqualTo(sites);
        assertThat(rules).isNotEqualTo(sites).isNotEqualTo(otherRules);
        assertThat(rules).isEqualTo(CacheFiles.file(dir, true, "acquire java.io.FileInputStream.<init>\n"));
        assertThat(sites.getParent()).isEqualTo(dir);
    }

    @Test
    void prune_keepsTheNewest_andTheCurrentEntryEvenWhenNamedRelatively(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.setLastModifiedTime(
                    Files.writeString(dir.resolve("classes-" + i + ".bin"), "x"), FileTime.fromMillis(1000L * i));
        }
        Files.writeString(dir.resolve("other.txt"), "not a cache file");
        Path current = Path.of("").toAbsolutePath().relativize(dir.resolve("classes-0.bin"));

        CacheFiles.prune(dir, "classes-*.bin", current, 3);

        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the current (oldest) file, the two newest others, and what the glob does not match")
                    .containsExactlyInAnyOrder("classes-0.bin", "classes-4.bin", "classes-3.bin", "other.txt");
        }
    }
}
