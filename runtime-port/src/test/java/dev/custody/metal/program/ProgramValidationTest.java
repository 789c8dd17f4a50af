package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec S10: static CBs validated against the live lowest L1 address on every enqueue. */
class ProgramValidationTest {
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));
    private static final String RANGE = "[(x=0,y=0) - (x=7,y=7)]";

    private final Device device = Device.open(0, DeviceSpec.wormholeB0());

    @AfterEach
    void closeDevice() {
        device.close();
    }

    /** Two interleaved L1 buffers, top-down, 512,000 + 477,184 = 989,184 B in each of the 64 banks. */
    private Buffer[] l1BuffersDownTo509952() {
        Buffer a = Buffer.create(device, 64L * 512_000, 1024, BufferType.L1);
        Buffer b = Buffer.create(device, 64L * 477_184, 1024, BufferType.L1);
        assertThat(device.lowestOccupiedComputeL1Address()).hasValue(509_952);
        return new Buffer[] {a, b};
    }

    private static CircularBufferConfig cb(int index, long size, long pageSize) {
        return CircularBufferConfig.builder(size)
                .index(index, DataFormat.FLOAT16_B, pageSize)
                .build();
    }

    /** Static CBs of 262,144 + 262,144 + 42,752 = 567,040 B from 101,152: the region ends at 668,192. */
    private static Program programEndingAt668192() {
        Program p = new Program();
        TtMetal.createCircularBuffer(p, GRID, cb(0, 262_144, 2048));
        TtMetal.createCircularBuffer(p, GRID, cb(1, 262_144, 2048));
        TtMetal.createCircularBuffer(p, GRID, cb(2, 42_752, 256));
        return p;
    }

    @Test
    void enqueue_cbRegionAboveLowestL1Buffer_throwsExactClashMessage() {
        Buffer[] l1 = l1BuffersDownTo509952();
        try (Program p = programEndingAt668192()) {
            assertThatThrownBy(() -> CommandQueue.enqueueProgram(device, p))
                    .isInstanceOf(TtException.class)
                    .hasMessage("Statically allocated circular buffers in program " + p.id()
                            + " clash with L1 buffers on core range " + RANGE
                            + ". L1 buffer allocated at 509952 and static circular buffer region ends at 668192");
        } finally {
            l1[0].close();
            l1[1].close();
        }
    }

    @Test
    void enqueue_cbRegionBeyondL1_throwsBeyondMaxBeforeTheClashCheck() {
        Buffer[] l1 = l1BuffersDownTo509952();
        try (Program p = new Program()) {
            TtMetal.createCircularBuffer(p, GRID, cb(0, 1_397_985, 1_397_985));

            assertThatThrownBy(() -> CommandQueue.enqueueProgram(device, p))
                    .isInstanceOf(TtException.class)
                    .hasMessage("Statically allocated circular buffers on core range " + RANGE
                            + " grow to 1499137 B which is beyond max L1 size of 1499136 B");
        } finally {
            l1[0].close();
            l1[1].close();
        }
    }

    @Test
    void enqueue_cbRegionEndingExactlyAtL1Size_passes() {
        try (Program p = new Program()) {
            TtMetal.createCircularBuffer(p, GRID, cb(0, 1_397_984, 1_397_984));

            assertThatCode(() -> CommandQueue.enqueueProgram(device, p)).doesNotThrowAnyException();
        }
    }

    @Test
    void enqueue_cachedProgramAfterL1BuffersFreed_passes() {
        device.programCache().enable();
        device.programCache().insert(341, programEndingAt668192());
        Program cached = (Program) device.programCache().find(341).orElseThrow();
        CommandQueue.enqueueProgram(device, cached);

        Buffer[] l1 = l1BuffersDownTo509952();
        Program again = (Program) device.programCache().find(341).orElseThrow();
        assertThatThrownBy(() -> CommandQueue.enqueueProgram(device, again)).hasMessageContaining("clash");

        TtMetal.deallocateBuffer(l1[0]);
        TtMetal.deallocateBuffer(l1[1]);
        assertThatCode(() -> CommandQueue.enqueueProgram(device, again)).doesNotThrowAnyException();

        l1[0].close();
        l1[1].close();
        device.programCache().disableAndClear();
    }

    @Test
    void enqueue_l1BufferJustAboveRegionEnd_passes() {
        long perBank = 1_499_136 - 668_192;
        Buffer b = Buffer.create(device, 64 * perBank, perBank, BufferType.L1);
        try (Program p = programEndingAt668192()) {
            assertThat(b.address()).isEqualTo(668_192);

            assertThatCode(() -> CommandQueue.enqueueProgram(device, p)).doesNotThrowAnyException();
        } finally {
            b.close();
        }
    }
}
