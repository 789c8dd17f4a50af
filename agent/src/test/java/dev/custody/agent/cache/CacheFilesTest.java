package dev.custody.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    void file_differsByMode_andIsStableWithinAProcess() {
        Path dir = Path.of("/c");
        Path sites = CacheFiles.file(dir, true);
        Path noSites = CacheFiles.file(dir, false);

        assertThat(sites).isNotNull().isEqualTo(CacheFiles.file(dir, true));
        assertThat(sites.getFileName().toString()).matches("classes-[0-9a-f]{16}\\.bin");
        assertThat(noSites).isNotEqualTo(sites);
        assertThat(sites.getParent()).isEqualTo(dir);
    }
}
