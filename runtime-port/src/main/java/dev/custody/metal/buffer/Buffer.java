package dev.custody.metal.buffer;

import dev.custody.metal.TtException;
import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.device.IDevice;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A range of device memory reserved in every bank of one buffer type ({@code Buffer} in {@code buffer.hpp} /
 * {@code buffer.cpp}).
 *
 * <p>Three kinds exist: <em>owning</em> buffers ({@link #create}) reserve their range in the allocator and free it;
 * <em>non-owning</em> buffers ({@link #createAt}) describe a range someone else owns and never touch the allocator;
 * <em>views</em> ({@link #view}) are non-owning buffers over part of a root buffer that keep the root alive.
 *
 * <p>Ownership is explicit reference counting, never garbage collection: the creator holds one reference,
 * {@link #retain()} adds one, {@link #close()} releases one. When the count reaches zero the buffer is destroyed
 * ({@code ~Buffer}): if its status is not {@link AllocationStatus#DEALLOCATED} it calls {@link #deallocate()}, and a
 * view then releases its reference on its root.
 */
public final class Buffer implements AutoCloseable {
    /*
     * Design. The fields mirror buffer.hpp one to one (sub-devices, hooks and the distribution spec are not
     * modelled). The state machine of spec §2.4 lives in four methods that keep their upstream names because the
     * Custody agent intercepts them: allocateImpl() and deallocateImpl() are the only callers of
     * Allocator.allocateBuffer / deallocateBuffer; deallocate() is the owning-only gate; markAsDeallocated() is the
     * status-only transition. Destruction is a reference count reaching zero, standing in for the last shared_ptr
     * drop: a view holds one reference on its root (the root of a view of a view is the original root), a program
     * pool or a mesh buffer holds one on the buffers it keeps. Mutators synchronize on the buffer; a view's
     * destruction takes the view's lock and then the root's, never the other way round.
     */

    /** Every constructed buffer (owning, at-address, view) takes the next value ({@code next_unique_id}). */
    private static final AtomicLong NEXT_UNIQUE_ID = new AtomicLong();

    private final IDevice device;
    private final long size;
    private final long pageSize;
    private final BufferType bufferType;
    private final BufferShardingArgs shardingArgs;
    private final boolean bottomUp;
    private final boolean ownsData;
    /** The allocator chosen at construction: the device's. */
    private final Allocator allocator;
    /** The owning root for views, null for every other buffer. */
    private final Buffer rootBuffer;
    /** Byte offset of this buffer's region in its root. */
    private final long rootBufferOffset;

    private final long uniqueId;

    private AllocationStatus allocationStatus = AllocationStatus.ALLOCATION_REQUESTED;
    private long address;
    /** Outstanding references; 0 means destroyed. */
    private int references = 1;

    Buffer(
            IDevice device,
            long size,
            long pageSize,
            BufferType bufferType,
            BufferShardingArgs shardingArgs,
            Boolean bottomUp,
            boolean ownsData,
            Buffer rootBuffer,
            long rootBufferOffset) {
        BufferChecks.requireNonNull("bufferType", bufferType);
        BufferChecks.requireNonNull("shardingArgs", shardingArgs);
        this.device = device;
        this.size = size;
        this.pageSize = pageSize;
        this.bufferType = bufferType;
        this.shardingArgs = shardingArgs;
        // DRAM and TRACE default bottom-up, L1 and L1_SMALL top-down.
        this.bottomUp = bottomUp != null ? bottomUp : bufferType.isDram();
        this.ownsData = ownsData;
        this.rootBuffer = rootBuffer;
        this.rootBufferOffset = rootBufferOffset;
        if (device == null) {
            throw new TtException("Device needs to not be null.");
        }
        this.allocator = device.allocator();
        validateBufferParameters(size, pageSize, shardingArgs, rootBuffer == null);
        this.uniqueId = NEXT_UNIQUE_ID.getAndIncrement();
    }

    /**
     * Creates an interleaved owning buffer with the default direction ({@code Buffer::create}).
     *
     * @see #create(IDevice, long, long, BufferType, BufferShardingArgs, Boolean)
     */
    public static Buffer create(IDevice device, long size, long pageSize, BufferType type) {
        return create(device, size, pageSize, type, BufferShardingArgs.INTERLEAVED, null);
    }

    /**
     * Creates an owning buffer and reserves its range in the device's allocator ({@code Buffer::create}).
     *
     * <p>A buffer of size 0 is ALLOCATED at address 0 without any allocator call. The caller holds the one
     * reference and must {@link #close()} it.
     *
     * @param device the device (a {@code Device} or a {@code MeshDevice})
     * @param size bytes, {@code >= 0}
     * @param pageSize bytes per page; must divide {@code size} when {@code size > 0}
     * @param type where the buffer lives
     * @param args the layout; {@link BufferShardingArgs#INTERLEAVED} for interleaved
     * @param bottomUp null for the default (DRAM/TRACE bottom-up, L1/L1_SMALL top-down)
     * @return the ALLOCATED buffer
     * @throws TtException with the upstream text if the device is null, the layout and shard spec disagree, or the
     *     page size does not divide the size
     * @throws dev.custody.metal.allocator.OutOfDeviceMemoryException if no bank range fits; the allocator is
     *     unchanged
     * @throws IllegalArgumentException if a size is negative, the page size is 0 for a non-empty buffer, a sharded
     *     buffer needs more shards than its grid has cores, or the aligned size overflows
     * @throws IllegalStateException if the device is closed
     */
    public static Buffer create(
            IDevice device, long size, long pageSize, BufferType type, BufferShardingArgs args, Boolean bottomUp) {
        requireOpen(device);
        Buffer buffer = new Buffer(device, size, pageSize, type, args, bottomUp, true, null, 0);
        if (buffer.size == 0) {
            buffer.allocationStatus = AllocationStatus.ALLOCATED;
            return buffer;
        }
        // Fails before the allocator is asked if the sizes overflow.
        buffer.alignedSizePerBank();
        buffer.allocateImpl();
        return buffer;
    }

    /**
     * Creates an interleaved non-owning buffer at {@code address} with the default direction.
     *
     * @see #createAt(IDevice, long, long, long, BufferType, BufferShardingArgs, Boolean)
     */
    public static Buffer createAt(IDevice device, long address, long size, long pageSize, BufferType type) {
        return createAt(device, address, size, pageSize, type, BufferShardingArgs.INTERLEAVED, null);
    }

    /**
     * Creates a non-owning buffer describing memory at {@code address} ({@code Buffer::create} with an address).
     *
     * <p>No allocator call: the buffer is ALLOCATED at once, {@link #deallocate()} is a no-op, and destroying it
     * frees nothing.
     *
     * @param address the base address in every bank, {@code >= 0}
     * @return the ALLOCATED buffer, with one reference held by the caller
     * @throws TtException with the upstream text if the device is null, the layout and shard spec disagree, or the
     *     page size does not divide the size
     * @throws IllegalArgumentException if the address or a size is negative or the page size is 0 for a non-empty
     *     buffer
     * @throws IllegalStateException if the device is closed
     */
    public static Buffer createAt(
            IDevice device,
            long address,
            long size,
            long pageSize,
            BufferType type,
            BufferShardingArgs args,
            Boolean bottomUp) {
        BufferChecks.requireNonNegative("address", address);
        requireOpen(device);
        Buffer buffer = new Buffer(device, size, pageSize, type, args, bottomUp, false, null, 0);
        buffer.address = address;
        buffer.allocationStatus = AllocationStatus.ALLOCATED;
        return buffer;
    }

    /**
     * Returns a buffer over {@code region} of this one ({@code Buffer::view}).
     *
     * <p>The whole buffer returns {@code this} with one more reference. Any other region returns a new non-owning
     * buffer at the same base address (not address + offset), whose root is this buffer's root and whose root
     * offset is this buffer's root offset plus {@code region.offset()}; it holds a reference on the root until it
     * is destroyed. The caller holds one reference to the result and must close it.
     *
     * @param region the bytes to view
     * @return the view
     * @throws TtException "Region offset must be a multiple of page size", "Region size must be a multiple of page
     *     size" or "Region must be within buffer"
     * @throws IllegalStateException if this buffer was destroyed
     */
    public Buffer view(BufferRegion region) {
        BufferChecks.requireNonNull("region", region);
        requireAlive();
        if (pageSize != 0 && region.offset() % pageSize != 0) {
            throw new TtException("Region offset must be a multiple of page size");
        }
        if (pageSize != 0 && region.size() % pageSize != 0) {
            throw new TtException("Region size must be a multiple of page size");
        }
        if (region.offset() > size || region.size() > size - region.offset()) {
            throw new TtException("Region must be within buffer");
        }
        if (region.offset() == 0 && region.size() == size) {
            retain();
            return this;
        }
        Buffer root = rootBuffer();
        Buffer view = new Buffer(
                device,
                region.size(),
                pageSize,
                bufferType,
                shardingArgs,
                bottomUp,
                false,
                root,
                rootBufferOffset + region.offset());
        view.address = address;
        view.allocationStatus = AllocationStatus.ALLOCATED;
        root.retain();
        return view;
    }

    /** Reserves this owning buffer's range ({@code allocate_impl}); the only caller of the allocator's allocate. */
    private synchronized void allocateImpl() {
        address = allocator.allocateBuffer(bufferType, alignedSize(), alignedPageSize(), bottomUp, numCores());
        allocationStatus = AllocationStatus.ALLOCATED;
    }

    /**
     * Frees this buffer's range if it owns it ({@code Buffer::deallocate}, reached through
     * {@code DeallocateBuffer}); may be called any number of times.
     *
     * <p>A non-owning buffer (at-address or view) ignores the call and stays ALLOCATED. An owning buffer frees its
     * range at once, even while views of it are alive (they keep the stale address).
     */
    public synchronized void deallocate() {
        if (!ownsData) {
            return;
        }
        deallocateImpl();
    }

    /**
     * Returns the range to the allocator unless already freed ({@code deallocate_impl}); the only caller of the
     * allocator's free. When the device is closed or the size is 0 only the status changes.
     */
    private synchronized void deallocateImpl() {
        if (allocationStatus != AllocationStatus.ALLOCATED) {
            return;
        }
        if (device.isInitialized() && size != 0) {
            allocator.deallocateBuffer(bufferType, address);
        }
        allocationStatus = AllocationStatus.DEALLOCATED;
    }

    /**
     * Sets the status to DEALLOCATED without freeing anything ({@code mark_as_deallocated}); used when the owner of
     * the allocator is already gone.
     */
    public synchronized void markAsDeallocated() {
        allocationStatus = AllocationStatus.DEALLOCATED;
    }

    /**
     * Adds one reference; the buffer is destroyed only after one more {@link #close()}.
     *
     * @throws IllegalStateException if the buffer was already destroyed
     */
    public synchronized void retain() {
        requireAlive();
        references++;
    }

    /**
     * Releases one reference; the last one destroys the buffer ({@code ~Buffer}): if the status is not
     * DEALLOCATED, {@link #deallocate()}; then a view releases its reference on its root.
     *
     * @throws IllegalStateException if the buffer was already closed as often as it was referenced
     */
    @Override
    public void close() {
        synchronized (this) {
            if (references == 0) {
                throw new IllegalStateException("buffer " + uniqueId
                        + " was closed more often than it was referenced (reference count already 0);"
                        + " close each create, view and retain exactly once");
            }
            references--;
            if (references > 0) {
                return;
            }
        }
        destroy();
    }

    /** {@code ~Buffer}: runs once, when the last reference is released. */
    private void destroy() {
        if (allocationStatus() != AllocationStatus.DEALLOCATED) {
            deallocate();
        }
        if (rootBuffer != null) {
            rootBuffer.close();
        }
    }

    private synchronized void requireAlive() {
        if (references == 0) {
            throw new IllegalStateException("buffer " + uniqueId + " was already destroyed (all references closed)");
        }
    }

    private static void requireOpen(IDevice device) {
        if (device != null && !device.isInitialized()) {
            throw new IllegalStateException("device " + device.id() + " is closed; buffers need an open device");
        }
    }

    private static void validateBufferParameters(
            long size, long pageSize, BufferShardingArgs args, boolean checkShardCount) {
        BufferChecks.requireNonNegative("size", size);
        BufferChecks.requireNonNegative("pageSize", pageSize);
        TensorMemoryLayout layout = args.layout();
        if (layout == TensorMemoryLayout.ND_SHARDED) {
            throw new IllegalArgumentException(
                    "layout (ND_SHARDED) needs a buffer distribution spec, which the port does not model;"
                            + " use HEIGHT_SHARDED, WIDTH_SHARDED or BLOCK_SHARDED");
        }
        if (layout.isSharded()) {
            if (args.shardSpec() == null) {
                throw new TtException("Buffer was specified as sharded but does not have shard_spec or"
                        + " buffer_distribution_spec specified");
            }
        } else if (args.shardSpec() != null) {
            throw new TtException(
                    "Buffer was specified as not sharded but has shard_spec or buffer_distribution_spec specified");
        }
        if (size == 0) {
            return;
        }
        if (pageSize == 0) {
            throw new IllegalArgumentException("pageSize (0) must be > 0 for a buffer of size " + size);
        }
        if (size % pageSize != 0) {
            throw new TtException("For valid non-interleaved buffers page size " + pageSize
                    + " must equal buffer size " + size
                    + ". For interleaved-buffers, buffer size should be divisble by the page size");
        }
        ShardSpecBuffer spec = args.shardSpec();
        if (checkShardCount && spec != null && spec.numShards() > spec.numCores()) {
            throw new IllegalArgumentException("shard spec needs " + spec.numShards() + " shards ("
                    + spec.numShardRows() + " × " + spec.numShardCols() + ") but its grid "
                    + spec.tensorShardSpec().grid().str() + " has " + spec.numCores()
                    + " cores; use a larger grid or larger shards");
        }
    }

    // ---- identity and state -------------------------------------------------------------------------------------

    /** {@return the id taken from the global counter at construction ({@code unique_id})} */
    public long uniqueId() {
        return uniqueId;
    }

    /** {@return the device this buffer was created on} */
    public IDevice device() {
        return device;
    }

    /** {@return the allocator chosen at construction} */
    public Allocator allocator() {
        return allocator;
    }

    /** {@return true for buffers created by {@link #create}, false for at-address buffers and views} */
    public boolean ownsData() {
        return ownsData;
    }

    /** {@return the lifecycle state} */
    public synchronized AllocationStatus allocationStatus() {
        return allocationStatus;
    }

    /** {@return true while the status is ALLOCATED ({@code is_allocated})} */
    public boolean isAllocated() {
        return allocationStatus() == AllocationStatus.ALLOCATED;
    }

    /** {@return true once every reference was closed} */
    public synchronized boolean isDestroyed() {
        return references == 0;
    }

    /** {@return the outstanding references} */
    synchronized int referenceCount() {
        return references;
    }

    /**
     * Returns the base address in every bank; after deallocation the stale address.
     *
     * @return the address
     * @throws TtException "Can only query the address of a buffer that has been allocated" while ALLOCATION_REQUESTED
     */
    public synchronized long address() {
        if (allocationStatus == AllocationStatus.ALLOCATION_REQUESTED) {
            throw new TtException("Can only query the address of a buffer that has been allocated");
        }
        return address;
    }

    /** {@return the owning root of a view, else this buffer ({@code root_buffer})} */
    public Buffer rootBuffer() {
        return rootBuffer != null ? rootBuffer : this;
    }

    /** {@return this buffer's bytes within its root: {root offset, size} ({@code root_buffer_region})} */
    public BufferRegion rootBufferRegion() {
        return new BufferRegion(rootBufferOffset, size);
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    /** {@return the size in bytes} */
    public long size() {
        return size;
    }

    /** {@return the page size in bytes} */
    public long pageSize() {
        return pageSize;
    }

    /** {@return where the buffer lives} */
    public BufferType bufferType() {
        return bufferType;
    }

    /** {@return the memory layout} */
    public TensorMemoryLayout bufferLayout() {
        return shardingArgs.layout();
    }

    /** {@return the layout arguments the buffer was created with} */
    public BufferShardingArgs shardingArgs() {
        return shardingArgs;
    }

    /** {@return the shard geometry, empty for interleaved buffers} */
    public Optional<ShardSpecBuffer> shardSpec() {
        return Optional.ofNullable(shardingArgs.shardSpec());
    }

    /** {@return true if allocation searches from the lowest address} */
    public boolean bottomUp() {
        return bottomUp;
    }

    /** {@return the allocator's alignment for this buffer type} */
    public long alignment() {
        return allocator.getAlignment(bufferType);
    }

    /** {@return the page size rounded up to {@link #alignment()}} */
    public long alignedPageSize() {
        return BufferChecks.roundUp("pageSize", pageSize, alignment());
    }

    /** {@return size / page size, 0 when the page size is 0} */
    public long numPages() {
        return pageSize == 0 ? 0 : size / pageSize;
    }

    /** {@return pages on the device: {@link #numPages()} if interleaved, shard pages × cores if sharded} */
    public long numDevPages() {
        ShardSpecBuffer spec = shardingArgs.shardSpec();
        if (!bufferLayout().isSharded() || spec == null) {
            return numPages();
        }
        return BufferChecks.multiply("shard pages × cores", spec.numPages(), spec.numCores());
    }

    /** {@return device pages × aligned page size} */
    public long alignedSize() {
        return BufferChecks.multiply("device pages × aligned page size", numDevPages(), alignedPageSize());
    }

    /**
     * Returns the bytes each bank holds: {@code ceil(pages / banks) × alignedPageSize}, where banks is the core count
     * for sharded buffers and the allocator's bank count otherwise ({@code aligned_size_per_bank}).
     *
     * @return the per-bank size
     */
    public long alignedSizePerBank() {
        int banks = bufferLayout().isSharded() ? numCores() : allocator.getNumBanks(bufferType);
        long alignedPage = alignedPageSize();
        if (alignedPage == 0 || banks == 0) {
            return 0;
        }
        long pages = alignedSize() / alignedPage;
        long pagesPerBank = (pages + banks - 1) / banks;
        return BufferChecks.multiply("pages per bank × aligned page size", pagesPerBank, alignedPage);
    }

    /** {@return the number of shard cores, 0 for interleaved buffers ({@code num_cores})} */
    public int numCores() {
        ShardSpecBuffer spec = shardingArgs.shardSpec();
        return bufferLayout().isSharded() && spec != null ? spec.numCores() : 0;
    }

    /**
     * Returns where page {@code pageIndex} of an interleaved buffer lives in bank {@code bankId}:
     * {@code address + bankOffset(bankId) + alignedPageSize × (pageIndex / numBanks)} ({@code page_address}).
     *
     * @param bankId the bank, {@code pageIndex % numBanks} for interleaved data
     * @param pageIndex the page
     * @return the address within the bank's memory
     * @throws TtException "Invalid Bank ID: {} exceeds total numbers of banks ({})!" for a bank out of range, or the
     *     address error while ALLOCATION_REQUESTED
     */
    public long pageAddress(int bankId, long pageIndex) {
        int numBanks = allocator.getNumBanks(bufferType);
        if (bankId < 0 || bankId >= numBanks) {
            throw new TtException("Invalid Bank ID: " + bankId + " exceeds total numbers of banks (" + numBanks + ")!");
        }
        return address() + allocator.bankOffset(bufferType, bankId) + alignedPageSize() * (pageIndex / numBanks);
    }

    @Override
    public String toString() {
        AllocationStatus status = allocationStatus();
        return "Buffer{id=" + uniqueId + ", device=" + device.id() + ", " + bufferType + ", size=" + size
                + ", pageSize=" + pageSize + ", address="
                + (status == AllocationStatus.ALLOCATION_REQUESTED ? "none" : Long.toString(addressUnchecked()))
                + ", " + status + (ownsData ? ", owning" : ", non-owning") + "}";
    }

    private synchronized long addressUnchecked() {
        return address;
    }
}
