package dev.custody.metal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.allocator.HalMemType;
import org.junit.jupiter.api.Test;

class BufferTypeTest {

    @Test
    void ordinals_areTheUpstreamWireValues() {
        assertThat(BufferType.DRAM.ordinal()).isZero();
        assertThat(BufferType.L1.ordinal()).isEqualTo(1);
        assertThat(BufferType.SYSTEM_MEMORY.ordinal()).isEqualTo(2);
        assertThat(BufferType.L1_SMALL.ordinal()).isEqualTo(3);
        assertThat(BufferType.TRACE.ordinal()).isEqualTo(4);
    }

    @Test
    void predicatesAndMemoryType_followUpstream() {
        assertThat(BufferType.L1_SMALL.isL1()).isTrue();
        assertThat(BufferType.TRACE.isDram()).isTrue();
        assertThat(BufferType.TRACE.isTrace()).isTrue();
        assertThat(BufferType.SYSTEM_MEMORY.isL1() || BufferType.SYSTEM_MEMORY.isDram())
                .isFalse();
        assertThat(BufferType.TRACE.memoryType()).isEqualTo(HalMemType.DRAM);
        assertThat(BufferType.L1_SMALL.memoryType()).isEqualTo(HalMemType.L1);
        assertThatThrownBy(BufferType.SYSTEM_MEMORY::memoryType)
                .isInstanceOf(TtException.class)
                .hasMessage("Unknown HAL memory type for SYSTEM_MEMORY buffer type");
    }
}
