package dev.custody.metal.program;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.device.Arch;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of one circular buffer: its total size and, per CB index, a data format and page size
 * ({@code CircularBufferConfig} in {@code circular_buffer_config.hpp}). Immutable.
 *
 * <p>Two forms, as upstream: the static form {@link #of(long, Map)} (index → format; the page size of each index is the
 * format's tile size) and the builder form {@link #builder(long)}. A config built with
 * {@link Builder#globallyAllocatedAddress(Buffer)} describes a dynamic CB living inside an allocator-managed L1
 * buffer; it takes no space in the program's static CB region.
 *
 * <p>Indices are checked here against {@link #MAX_NUM_CIRCULAR_BUFFERS} (64, the Blackhole count); the
 * architecture-specific bound ({@link #numCircularBuffers(Arch)}: 32 on Wormhole B0) is checked when a program is
 * compiled for a device.
 */
public final class CircularBufferConfig {
    /** The largest {@code NUM_CIRCULAR_BUFFERS} of any architecture (Blackhole: 64). */
    public static final int MAX_NUM_CIRCULAR_BUFFERS = 64;

    /** Total size of the CB in bytes, the same on every core it is placed on. */
    private final long totalSize;
    /** Format and page size per CB index, ascending. */
    private final SortedMap<Integer, IndexSpec> indices;
    /** The L1 buffer a dynamic CB lives in ({@code shadow_global_buffer}); null for a static CB. */
    private final Buffer globalBuffer;

    /**
     * One CB index's page description.
     *
     * @param dataFormat the format of the pages
     * @param pageSize the page size in bytes
     */
    public record IndexSpec(DataFormat dataFormat, long pageSize) {}

    private CircularBufferConfig(long totalSize, SortedMap<Integer, IndexSpec> indices, Buffer globalBuffer) {
        this.totalSize = totalSize;
        this.indices = Collections.unmodifiableSortedMap(new TreeMap<>(indices));
        this.globalBuffer = globalBuffer;
    }

    /**
     * Static form: {@code CircularBufferConfig(total_size, {{index, format}, ...})}; each index's page size is its
     * format's tile size.
     *
     * @param totalSize total size in bytes, {@code > 0}
     * @param formats index → data format, not empty
     * @return the config
     * @throws IllegalArgumentException if {@code totalSize <= 0}, {@code formats} is empty, an index is outside
     *     {@code 0..MAX_NUM_CIRCULAR_BUFFERS-1}, or {@code totalSize} is not a multiple of a page size
     */
    public static CircularBufferConfig of(long totalSize, Map<Integer, DataFormat> formats) {
        Builder b = builder(totalSize);
        formats.forEach((index, format) -> b.index(index, format, format.tileSizeBytes()));
        return b.build();
    }

    /**
     * Builder form: {@code CircularBufferConfig(total_size)} followed by {@code index(i).set_data_format(...)
     * .set_page_size(...)}.
     *
     * @param totalSize total size in bytes, {@code > 0}
     * @return a builder without indices
     * @throws IllegalArgumentException if {@code totalSize <= 0}
     */
    public static Builder builder(long totalSize) {
        return new Builder(totalSize);
    }

    /**
     * {@return {@code NUM_CIRCULAR_BUFFERS} for {@code arch}: 32 on Wormhole B0, 64 on Blackhole}
     *
     * @param arch the device architecture
     */
    public static int numCircularBuffers(Arch arch) {
        return arch == Arch.BLACKHOLE ? 64 : 32;
    }

    /** {@return the total size in bytes} */
    public long totalSize() {
        return totalSize;
    }

    /** {@return index → page description, ascending by index} */
    public SortedMap<Integer, IndexSpec> indices() {
        return indices;
    }

    /** {@return true if this CB lives inside an allocator-managed buffer (dynamic CB)} */
    public boolean globallyAllocated() {
        return globalBuffer != null;
    }

    /** {@return the buffer a dynamic CB lives in, or null for a static CB} */
    public Buffer globalBuffer() {
        return globalBuffer;
    }

    /** Accumulates indices; {@link #build()} validates them against the total size. */
    public static final class Builder {
        private final long totalSize;
        private final SortedMap<Integer, IndexSpec> indices = new TreeMap<>();
        private Buffer globalBuffer;

        private Builder(long totalSize) {
            if (totalSize <= 0) {
                throw new IllegalArgumentException(
                        "circular buffer totalSize (" + totalSize + ") must be > 0; give the CB's size in bytes");
            }
            this.totalSize = totalSize;
        }

        /**
         * Describes one CB index ({@code index(i).set_data_format(f).set_page_size(p)}).
         *
         * @param index the CB index, {@code 0..MAX_NUM_CIRCULAR_BUFFERS-1}
         * @param format the page format
         * @param pageSize the page size in bytes; must divide the total size
         * @return this builder
         * @throws IllegalArgumentException if the index is out of range or already described, or the page size does
         *     not divide the total size
         */
        public Builder index(int index, DataFormat format, long pageSize) {
            Objects.requireNonNull(format, "format");
            if (index < 0 || index >= MAX_NUM_CIRCULAR_BUFFERS) {
                throw new IllegalArgumentException("Buffer index (" + index
                        + ") exceeds max number of circular buffers per core (" + MAX_NUM_CIRCULAR_BUFFERS + ")");
            }
            if (pageSize <= 0 || totalSize % pageSize != 0) {
                throw new IllegalArgumentException("Total circular buffer size " + totalSize
                        + " B must be divisible by page size " + pageSize + " B; pick a page size that divides it");
            }
            if (indices.putIfAbsent(index, new IndexSpec(format, pageSize)) != null) {
                throw new IllegalArgumentException(
                        "circular buffer index " + index + " is already described in this config; use each index once");
            }
            return this;
        }

        /**
         * Places the CB inside {@code buffer} ({@code set_globally_allocated_address}); the CB then takes its address
         * from the buffer and no space in the static CB region.
         *
         * @param buffer an allocated L1 buffer at least as large as the CB
         * @return this builder
         * @throws IllegalArgumentException if the buffer is not L1 or is smaller than the CB
         */
        public Builder globallyAllocatedAddress(Buffer buffer) {
            if (!buffer.bufferType().isL1()) {
                throw new IllegalArgumentException("a globally allocated circular buffer needs an L1 buffer, got "
                        + buffer.bufferType() + "; create the backing buffer in L1");
            }
            if (buffer.size() < totalSize) {
                throw new IllegalArgumentException("backing buffer size (" + buffer.size()
                        + " B) must be >= circular buffer total size (" + totalSize + " B)");
            }
            this.globalBuffer = buffer;
            return this;
        }

        /**
         * {@return the config}
         *
         * @throws IllegalStateException if no index was described
         */
        public CircularBufferConfig build() {
            if (indices.isEmpty()) {
                throw new IllegalStateException(
                        "circular buffer config of " + totalSize + " B has no index; call index(...) at least once");
            }
            return new CircularBufferConfig(totalSize, indices, globalBuffer);
        }
    }
}
