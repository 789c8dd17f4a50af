package dev.custody.metal.program;

import dev.custody.metal.TtException;
import dev.custody.metal.allocator.HalMemType;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferShardingArgs;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreCoord;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.IDevice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A program: kernels, circular buffers, the buffers it temporarily owns and its kernel-binary buffers
 * ({@code Program} + {@code detail::ProgramImpl} in {@code program.cpp} / {@code program_impl.hpp}).
 *
 * <p>Ownership: {@link #addBuffer} takes one reference on a buffer (upstream appends a {@code shared_ptr} to
 * {@code owned_buffer_pool}); {@link #releaseBuffers} and {@link #close} give those references back. Kernel-binary
 * buffers created by {@link #allocateKernelBinBufOnDevice} or handed over by a {@link MeshWorkload} are owned by the
 * program and released by {@link #close}. Circular buffers never touch the device allocator.
 *
 * <p>Ids come from one process-wide counter starting at 0; the id is the {@code {}} after "program" in the CB clash
 * message.
 */
public final class Program implements AutoCloseable {
    /*
     * Static CB layout (program.cpp allocate_circular_buffers): one CircularBufferAllocator per distinct CoreRange a
     * CB was placed on, in creation order. Each static CB, in creation order, starts at
     * max(l1_unreserved_base, region end of the allocators whose range equals one of its ranges), aligned to the DRAM
     * alignment, and is marked in every allocator whose range intersects one of its ranges, except an intersecting
     * different range whose region already reaches past the address. Adding a static CB invalidates the layout; the
     * next allocateCircularBuffers recomputes it from scratch. validateCircularBufferRegion runs on every enqueue
     * against the device's current lowest occupied L1 address, which is how a cached program can start clashing
     * with L1 buffers allocated after it was compiled.
     */

    /** {@code HostMemDeviceCommand::PROGRAM_PAGE_SIZE}: page size of kernel-binary DRAM buffers. */
    public static final long PROGRAM_PAGE_SIZE = 2048;

    private static final AtomicLong PROGRAM_COUNTER = new AtomicLong();

    /** Process-wide id ({@code ProgramImpl::id}). */
    private final long id;
    /** Buffers temporarily owned by the program, one reference each ({@code owned_buffer_pool}). */
    private List<Buffer> ownedBufferPool = new ArrayList<>();
    /** CBs in creation order. */
    private final List<CircularBuffer> circularBuffers = new ArrayList<>();
    /** One static-region allocator per distinct core range, in creation order. */
    private final Map<CoreRange, CircularBufferAllocator> cbAllocators = new LinkedHashMap<>();
    /** CB indices taken on each logical core ({@code per_core_cb_indices_}). */
    private final Map<CoreCoord, Set<Integer>> perCoreCbIndices = new HashMap<>();
    /** True when static CB addresses must be (re)computed. */
    private boolean localCircularBufferAllocationNeeded;
    /** Kernels in creation order. */
    private final List<Kernel> kernels = new ArrayList<>();
    /** Kernel-binary buffer per device id ({@code kernels_buffer_}); owning (single device) or not (mesh view). */
    private final Map<Integer, Buffer> kernelsBuffer = new LinkedHashMap<>();
    /** Packed binary size in bytes, known once compiled. */
    private long binarySize;

    private boolean compiled;
    private boolean closed;

    /** Creates an empty program with the next program id. */
    public Program() {
        this.id = PROGRAM_COUNTER.getAndIncrement();
    }

    /** {@return the process-wide program id} */
    public long id() {
        return id;
    }

    /** {@return true once {@link #compile} has run} */
    public boolean isCompiled() {
        return compiled;
    }

    /** {@return true once {@link #close} has run} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Takes one reference on {@code buffer} until {@link #releaseBuffers} or {@link #close}
     * ({@code ProgramImpl::add_buffer}, reached through {@code AssignGlobalBufferToProgram}). Adding the same buffer
     * twice takes two references.
     *
     * @param buffer the buffer to keep alive
     * @throws IllegalStateException if the program is closed
     */
    public void addBuffer(Buffer buffer) {
        requireOpen();
        buffer.retain();
        ownedBufferPool.add(buffer);
    }

    /**
     * Gives back every pool reference ({@code ProgramImpl::release_buffers}: the pool is replaced by an empty one). A
     * buffer whose last reference this was is destroyed, which frees it if it is still allocated.
     */
    public void releaseBuffers() {
        List<Buffer> pool = ownedBufferPool;
        ownedBufferPool = new ArrayList<>();
        for (Buffer b : pool) {
            b.close();
        }
    }

    /** {@return a snapshot of the buffers the pool holds, in the order added (a buffer added twice appears twice)} */
    public List<Buffer> ownedBuffers() {
        return List.copyOf(ownedBufferPool);
    }

    /**
     * Adds a circular buffer on {@code coreRanges} ({@code ProgramImpl::add_circular_buffer}). A static CB
     * invalidates the program's CB layout; its address is set by the next {@link #allocateCircularBuffers}. Nothing
     * changes if this throws.
     *
     * @param coreRanges the cores
     * @param config the CB's size and indices
     * @return the CB's id (upstream {@code CBHandle})
     * @throws TtException "Cannot add circular buffer to an already compiled program {id}" after {@link #compile};
     *     "Invalid circular buffer index: Cannot add circular buffer at index {i}, another circular buffer already
     *     exists" if a core of {@code coreRanges} already has a CB at one of the config's indices
     * @throws IllegalStateException if the program is closed
     */
    public int addCircularBuffer(CoreRangeSet coreRanges, CircularBufferConfig config) {
        requireOpen();
        if (compiled) {
            throw new TtException("Cannot add circular buffer to an already compiled program " + id);
        }
        for (CoreRange range : coreRanges.ranges()) {
            forEachCore(range, core -> {
                Set<Integer> taken = perCoreCbIndices.getOrDefault(core, Set.of());
                for (int index : config.indices().keySet()) {
                    if (taken.contains(index)) {
                        throw new TtException("Invalid circular buffer index: Cannot add circular buffer at index "
                                + index + ", another circular buffer already exists");
                    }
                }
            });
        }
        CircularBuffer cb = new CircularBuffer(coreRanges, config);
        circularBuffers.add(cb);
        if (!cb.globallyAllocated()) {
            invalidateCircularBufferAllocation();
        }
        for (CoreRange range : coreRanges.ranges()) {
            forEachCore(
                    range,
                    core -> perCoreCbIndices
                            .computeIfAbsent(core, c -> new HashSet<>())
                            .addAll(config.indices().keySet()));
            cbAllocators.computeIfAbsent(range, CircularBufferAllocator::new);
        }
        return cb.id();
    }

    /** {@return the CBs in creation order} */
    public List<CircularBuffer> circularBuffers() {
        return Collections.unmodifiableList(circularBuffers);
    }

    /**
     * Adds a kernel whose compiled binary takes {@code binaryBytes} ({@code CreateKernel}, reduced to its size).
     *
     * @param name the kernel's name
     * @param coreRanges the cores it runs on
     * @param binaryBytes its binary size in bytes, {@code > 0}
     * @throws IllegalStateException if the program is closed or already compiled
     * @throws IllegalArgumentException if {@code binaryBytes <= 0}
     */
    public void addKernel(String name, CoreRangeSet coreRanges, int binaryBytes) {
        requireOpen();
        if (compiled) {
            throw new IllegalStateException(
                    "program " + id + " is already compiled; add kernel " + name + " before the first enqueue");
        }
        kernels.add(new Kernel(name, coreRanges, binaryBytes));
    }

    /** {@return the kernels in creation order} */
    public List<Kernel> kernels() {
        return Collections.unmodifiableList(kernels);
    }

    /**
     * Compiles the program for {@code device} ({@code ProgramImpl::compile}): checks CB indices against the device's
     * {@code NUM_CIRCULAR_BUFFERS} and packs the kernel binaries. A no-op once compiled.
     *
     * @param device the device the program will run on
     * @throws IllegalArgumentException if a CB index is {@code >= CircularBufferConfig.numCircularBuffers(arch)}
     * @throws IllegalStateException if the program is closed
     */
    public void compile(IDevice device) {
        requireOpen();
        if (compiled) {
            return;
        }
        int limit = CircularBufferConfig.numCircularBuffers(device.spec().arch());
        for (CircularBuffer cb : circularBuffers) {
            int highest = cb.config().indices().lastKey();
            if (highest >= limit) {
                throw new IllegalArgumentException("circular buffer index (" + highest + ") must be < " + limit
                        + " (NUM_CIRCULAR_BUFFERS on " + device.spec().arch() + "); use an index in 0.." + (limit - 1));
            }
        }
        long packed = 0;
        for (Kernel k : kernels) {
            packed = Math.addExact(packed, k.binaryBytes());
        }
        // Whole pages, so the binary buffer is a valid interleaved buffer of PROGRAM_PAGE_SIZE pages.
        binarySize = (packed + PROGRAM_PAGE_SIZE - 1) / PROGRAM_PAGE_SIZE * PROGRAM_PAGE_SIZE;
        compiled = true;
    }

    /**
     * {@return the packed kernel-binary size in bytes, a multiple of {@link #PROGRAM_PAGE_SIZE}; 0 without kernels}
     *
     * @throws IllegalStateException if the program is not compiled yet
     */
    public long binarySize() {
        requireCompiled("query its binary size");
        return binarySize;
    }

    /**
     * {@return the packed kernel binaries: {@link #binarySize()} bytes, deterministic from the kernels' names and
     * sizes}
     *
     * @throws IllegalStateException if the program is not compiled yet
     */
    public byte[] binaryData() {
        requireCompiled("pack its binaries");
        byte[] data = new byte[Math.toIntExact(binarySize)];
        int at = 0;
        for (Kernel k : kernels) {
            int seed = k.name().hashCode();
            for (int i = 0; i < k.binaryBytes(); i++) {
                seed = seed * 1_103_515_245 + 12_345;
                data[at++] = (byte) (seed >>> 24);
            }
        }
        return data;
    }

    /**
     * Places the static CBs ({@code ProgramImpl::allocate_circular_buffers}); a no-op unless a static CB was added
     * since the last call. The region starts at {@code device.allocator().getBaseAllocatorAddr(L1)}
     * ({@code l1_unreserved_base}) and each CB address is aligned to the DRAM alignment.
     *
     * @param device the device (or mesh device) the program runs on
     * @throws TtException from the CB allocators' {@code mark_address} rule
     * @throws IllegalStateException if the program is closed
     */
    public void allocateCircularBuffers(IDevice device) {
        requireOpen();
        if (!localCircularBufferAllocationNeeded) {
            return;
        }
        long base = device.allocator().getBaseAllocatorAddr(HalMemType.L1);
        long alignment = device.allocator().getAlignment(BufferType.DRAM);
        for (CircularBuffer cb : circularBuffers) {
            if (cb.globallyAllocated()) {
                continue;
            }
            long address = base;
            for (CoreRange range : cb.coreRanges().ranges()) {
                CircularBufferAllocator same = cbAllocators.get(range);
                if (same != null) {
                    address = Math.max(address, same.cbRegionEnd());
                }
            }
            address = alignUp(address, alignment);
            for (CoreRange range : cb.coreRanges().ranges()) {
                for (CircularBufferAllocator allocator : cbAllocators.values()) {
                    if (!allocator.coreRange.intersects(range)) {
                        continue;
                    }
                    // An intersecting different range already reaching past the address covers these cores.
                    if (!allocator.coreRange.equals(range) && address < allocator.cbRegionEnd()) {
                        continue;
                    }
                    allocator.markAddress(address, cb.size(), base);
                }
            }
            cb.setLocallyAllocatedAddress(address);
        }
        localCircularBufferAllocationNeeded = false;
    }

    /**
     * Checks the static CB region of every core range against L1 ({@code ProgramImpl::validate_circular_buffer_region}).
     * Runs the checks in upstream order for each core range: first the size of L1, then the lowest occupied L1
     * address of the device now.
     *
     * @param device the device (or mesh device) the program runs on
     * @throws TtException "Statically allocated circular buffers on core range {range} grow to {end} B which is beyond
     *     max L1 size of {l1} B", or "Statically allocated circular buffers in program {id} clash with L1 buffers on
     *     core range {range}. L1 buffer allocated at {lowest} and static circular buffer region ends at {end}"
     * @throws IllegalStateException if the program is closed
     */
    public void validateCircularBufferRegion(IDevice device) {
        requireOpen();
        OptionalLong lowest = device.lowestOccupiedComputeL1Address();
        long maxL1 = device.l1SizePerCore();
        for (CircularBufferAllocator allocator : cbAllocators.values()) {
            if (allocator.l1Regions().isEmpty()) {
                continue;
            }
            long end = allocator.cbRegionEnd();
            if (end > maxL1) {
                throw new TtException("Statically allocated circular buffers on core range "
                        + allocator.coreRange.str() + " grow to " + end + " B which is beyond max L1 size of " + maxL1
                        + " B");
            }
            if (lowest.isPresent() && lowest.getAsLong() < end) {
                throw new TtException("Statically allocated circular buffers in program " + id
                        + " clash with L1 buffers on core range " + allocator.coreRange.str()
                        + ". L1 buffer allocated at " + lowest.getAsLong()
                        + " and static circular buffer region ends at " + end);
            }
        }
    }

    /**
     * Creates the program's owning kernel-binary buffer on {@code device}
     * ({@code ProgramImpl::allocate_kernel_bin_buf_on_device}): DRAM, page {@link #PROGRAM_PAGE_SIZE}, interleaved,
     * <em>top-down</em> (to keep away from DRAM buffers, which grow bottom-up). A no-op if the program has no kernels
     * or already has a binary buffer for that device id.
     *
     * @param device the device
     * @throws IllegalStateException if the program is closed or not compiled
     */
    public void allocateKernelBinBufOnDevice(IDevice device) {
        requireOpen();
        requireCompiled("allocate its kernel binary buffer");
        if (binarySize == 0 || kernelsBuffer.containsKey(device.id())) {
            return;
        }
        Buffer buffer = Buffer.create(
                device, binarySize, PROGRAM_PAGE_SIZE, BufferType.DRAM, BufferShardingArgs.INTERLEAVED, false);
        kernelsBuffer.put(device.id(), buffer);
    }

    /**
     * {@return the kernel-binary buffer for a device id, if any}
     *
     * @param deviceId the id of the device (or mesh device)
     */
    public Optional<Buffer> kernelsBinBuffer(int deviceId) {
        return Optional.ofNullable(kernelsBuffer.get(deviceId));
    }

    /**
     * Stores a kernel-binary buffer made by a mesh workload ({@code set_kernels_bin_buffer}); the program takes over
     * the caller's reference. A buffer already stored for that device id is released first.
     */
    void setKernelsBinBuffer(int deviceId, Buffer buffer) {
        requireOpen();
        Buffer previous = kernelsBuffer.put(deviceId, buffer);
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Destroys the program ({@code ~Program}, then {@code ~ProgramImpl}): gives back every pool reference and
     * releases its kernel-binary buffers (an owning one is freed with its last reference). Closing again is a no-op.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseBuffers();
        for (Buffer b : kernelsBuffer.values()) {
            b.close();
        }
        kernelsBuffer.clear();
    }

    @Override
    public String toString() {
        return "Program[id=" + id + ", cbs=" + circularBuffers.size() + ", kernels=" + kernels.size() + ", pool="
                + ownedBufferPool.size() + (closed ? ", closed" : "") + "]";
    }

    private void invalidateCircularBufferAllocation() {
        for (CircularBufferAllocator allocator : cbAllocators.values()) {
            allocator.resetAvailableAddresses();
        }
        for (CircularBuffer cb : circularBuffers) {
            if (!cb.globallyAllocated()) {
                cb.resetLocallyAllocatedAddress();
            }
        }
        localCircularBufferAllocationNeeded = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("program " + id + " is closed; create a new Program");
        }
    }

    private void requireCompiled(String what) {
        if (!compiled) {
            throw new IllegalStateException(
                    "program " + id + " must be compiled before it can " + what + "; call compile(device) first");
        }
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private static void forEachCore(CoreRange range, Consumer<CoreCoord> action) {
        for (int y = range.start().y(); y <= range.end().y(); y++) {
            for (int x = range.start().x(); x <= range.end().x(); x++) {
                action.accept(new CoreCoord(x, y));
            }
        }
    }
}
