package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.device.Arch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CircularBufferConfigTest {
    @Test
    void staticForm_usesTheFormatsTileSizeAsPageSize() {
        CircularBufferConfig config =
                CircularBufferConfig.of(8192, Map.of(0, DataFormat.FLOAT16_B, 16, DataFormat.FLOAT32));

        assertThat(config.totalSize()).isEqualTo(8192);
        assertThat(config.indices()).containsOnlyKeys(0, 16);
        assertThat(config.indices().get(0).pageSize()).isEqualTo(2048);
        assertThat(config.indices().get(16).pageSize()).isEqualTo(4096);
        assertThat(config.globallyAllocated()).isFalse();
    }

    @Test
    void builder_indexAboveTheLargestCount_throws() {
        assertThatThrownBy(() -> CircularBufferConfig.builder(2048).index(64, DataFormat.FLOAT16_B, 2048))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Buffer index (64) exceeds max number of circular buffers per core (64)");
    }

    @Test
    void builder_pageSizeNotDividingTotal_throws() {
        assertThatThrownBy(() -> CircularBufferConfig.builder(3000).index(0, DataFormat.FLOAT16_B, 2048))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Total circular buffer size 3000 B must be divisible by page size 2048 B");
    }

    @Test
    void builder_sameIndexTwice_throws() {
        CircularBufferConfig.Builder b = CircularBufferConfig.builder(4096).index(3, DataFormat.FLOAT16_B, 2048);

        assertThatThrownBy(() -> b.index(3, DataFormat.FLOAT32, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 3 is already described");
    }

    @Test
    void builder_withoutIndex_refusesToBuild() {
        assertThatThrownBy(() -> CircularBufferConfig.builder(4096).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no index");
    }

    @Test
    void numCircularBuffers_is32OnWormholeAnd64OnBlackhole() {
        assertThat(CircularBufferConfig.numCircularBuffers(Arch.WORMHOLE_B0)).isEqualTo(32);
        assertThat(CircularBufferConfig.numCircularBuffers(Arch.BLACKHOLE)).isEqualTo(64);
    }
}
