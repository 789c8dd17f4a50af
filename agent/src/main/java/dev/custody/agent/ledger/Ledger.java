package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.EventSink;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.bootstrap.ThreadContext;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership ledger: every allocation keyed by (allocator instance, address) and owned by exactly one
 * object identity, and the findings derived from the events advice reports.
 *
 * <p>See the package documentation for the semantics. This class turns events into state changes and
 * findings; {@link FindingFactory} builds the findings' text.
 */
public final class Ledger implements EventSink, SnapshotSource {
    /*
     * Hot path. An allocation or free is one lookup of the allocator's state (a copy-on-write table keyed by the
     * allocator's identity hash, read without a lock) and one write of primitives to that state's address-keyed rows
     * (the allocation and free counts are bumped inside it). The allocator's events arrive inside the runtime's own
     * critical section on the allocator's lock, which serializes these writes: they take no lock of their own (every
     * other write to the state takes that lock; see AllocatorState). No object is made, nothing is boxed. The owning
     * buffer announces itself before its allocator call (bufferAllocating), so the allocation records the block with
     * its owner in that one write. A block's Allocation record is made only when an alias, mesh buffer, program pool,
     * finding or report needs one. Every other lookup on the hot path (the owner at an address, a tombstone, a mesh
     * buffer's record) is an optimistic read. No stack is walked unless stacks are sampled. The per-thread context
     * (ThreadContext, shared with the call site and the destructor depth, looked up at most once per event) counts
     * nested Device.open and MeshBuffer.create calls so that memory allocated inside them is attributed to the device
     * or the mesh buffer.
     *
     * A mesh buffer is one MeshRecord in the MeshIndex (by address), holding its device-local buffers' ids in an
     * array: its device-local aliases have no entries of their own and are found through it, and their creation
     * events look nothing up (their devices are known from their opens, except after a late attach). The MeshRecord
     * names its backing by the backing buffer's uid: the backing block gets no record unless a report needs one, and
     * the checks at deallocate, close and use read the owner in its row. Programs, at-address aliases and rules-file
     * resources are rare and use concurrent maps.
     *
     * Rules-file resources are keyed weakly (IdentityKey), so the ledger changes no object's lifetime: a resource
     * collected without a release is a leak found by its collection, drained from a reference queue at every rule
     * event and at each leak check. Their sites come from the call-site slot their event empties, or, when no
     * instrumented call made them (the JDK's own acquisitions), from one stack walk (WalkedSites).
     */
    /** The {@code when} of a rules-file leak found by its collection: unreachable and never released. */
    static final String COLLECTED = "collected without release";

    /**
     * How many rules-file resources collected without release are listed one by one per type and site; the rest are
     * counted, so that an application that leaves its streams to the garbage collector all day does not fill the
     * agent's heap with findings.
     */
    static final int COLLECTED_LISTED = 16;

    private static final String[] TYPES = {"DRAM", "L1", "SYSTEM_MEMORY", "L1_SMALL", "TRACE"};
    /** Server buffer type of static circular buffers. */
    static final int CIRCULAR_BUFFER = 5;
    /** Server buffer type of kernel-binary buffers. */
    static final int KERNEL_BINARY = 6;

    private final int stackEvery;
    private final boolean lateAttach;
    private final LedgerListener listener;
    /** Every allocator state, in creation order (reports list them in this order). */
    private volatile AllocatorState[] allocators = new AllocatorState[0];
    /**
     * The same states in an open-addressing table by the allocator's identity hash, at most half full; replaced,
     * never changed, when a state is added, so lookups need no lock.
     */
    private volatile AllocatorState[] byIdentity = new AllocatorState[16];
    /** At-address aliases (not device-local buffers of mesh buffers: those are in their MeshRecord). */
    private final ConcurrentHashMap<Long, AliasRecord> aliases = new ConcurrentHashMap<>();

    private final MeshIndex meshes = new MeshIndex();
    private final ConcurrentHashMap<Long, ProgramRecord> programs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IdentityKey, RuleRecord> ruled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IdentityKey, RuleRecord> ruledAliases = new ConcurrentHashMap<>();
    /**
     * Released resources, kept (weakly) only when a rules file names methods that use them: a use of one of these is a
     * use after release. Re-acquiring the object removes it.
     */
    private final ConcurrentHashMap<IdentityKey, RuleRecord> releasedRuled = new ConcurrentHashMap<>();
    /** Collected-without-release leaks by type and site: how many were listed, how many more counted. */
    private final ConcurrentHashMap<String, CollectedTally> collectedTallies = new ConcurrentHashMap<>();

    /** Where the keys of these maps go once their resource is collected (see {@link IdentityKey}). */
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    private volatile RuleIntrospector rules;
    // Findings are rare: a list under its own monitor (ConcurrentLinkedQueue and LongAdder cost about 3 ms of
    // class initialization at start-up, through their VarHandles).
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> reportedOnce = ConcurrentHashMap.newKeySet();
    /** Rules-file acquisitions and releases; the allocators' allocations and frees are counted in their states. */
    private final AtomicLong ruleAcquisitions = new AtomicLong();

    private final AtomicLong ruleReleases = new AtomicLong();
    /** Server records of each program's static circular buffers, by program id (only with a listener). */
    private final ConcurrentHashMap<Long, List<Long>> circularBufferRecords = new ConcurrentHashMap<>();

    /** Objects until the next sampled stack; racy on purpose (sampling only needs to be roughly one in N). */
    private int stackCountdown;

    /**
     * Creates a ledger.
     *
     * @param stackEvery 0 for no stacks, 1 for a stack per object, N for one object in N
     * @param lateAttach true when attached to a running JVM: memory of unknown origin is pre-existing, never
     *     a finding
     * @param listener receives allocations, frees and findings as they happen, or null
     * @throws IllegalArgumentException if stackEvery is negative
     */
    public Ledger(int stackEvery, boolean lateAttach, LedgerListener listener) {
        if (stackEvery < 0) {
            throw new IllegalArgumentException("stackEvery=" + stackEvery + " must be 0 (never) or more");
        }
        this.stackEvery = stackEvery;
        this.stackCountdown = stackEvery;
        this.lateAttach = lateAttach;
        this.listener = listener;
    }

    // ---- devices ---------------------------------------------------------------------------------------

    @Override
    public void deviceOpening() {
        ThreadContext.current().devicesOpening++;
    }

    @Override
    public void deviceOpened(
            Object device,
            Object allocator,
            int id,
            boolean mesh,
            String arch,
            long dramCapacity,
            long l1Capacity,
            long l1SmallCapacity,
            long traceCapacity,
            int[] physicalIds) {
        ThreadContext ctx = ThreadContext.current();
        if (ctx.devicesOpening > 0) {
            ctx.devicesOpening--;
        }
        if (device == null || allocator == null) {
            return;
        }
        AllocatorState state = state(allocator, id, mesh);
        state.known = true;
        if (physicalIds != null) {
            state.physicalIds = physicalIds.clone();
            for (AllocatorState other : allocators) {
                if (!other.mesh && !other.closed && contains(physicalIds, other.deviceId)) {
                    other.meshParent = state;
                }
            }
        }
        if (listener != null) {
            listener.deviceOpened(id, mesh, arch, dramCapacity, l1Capacity, l1SmallCapacity, traceCapacity);
        }
    }

    @Override
    public void allocatorClosing(Object allocator, int id, boolean mesh) {
        AllocatorState state = state(allocator, id, mesh);
        if (state.closed) {
            return;
        }
        state.closed = true;
        state.closeSite = Sites.current();
        // The findings wait: memory released after the close means the device was closed first (its own kind for
        // a mesh), memory never released is a leak; either way reported once, below or at exit.
        for (Allocation a : state.retireAll()) {
            a.state = Allocation.RETIRED;
            if (state.mesh) {
                pinMesh(a);
            }
            tellFreed(a);
            if (!a.system && !a.reported) {
                state.closedLive.put(a.address, a);
            }
        }
    }

    /**
     * Links a mesh backing's record to its mesh buffer for good, while the mesh buffer is still open: the reports that
     * follow its close (a leak, memory released after its device closed) name it through the record.
     */
    private static void pinMesh(Allocation a) {
        MeshRecord m = a.mesh();
        if (m != null) {
            a.mesh(m);
            if (m.target == null) {
                m.target = a;
            }
        }
    }

    /** Memory retired by its device's close was released by its owner afterwards. */
    private void releasedAfterClose(AllocatorState state, long uid, long address) {
        Allocation a = state.closedLive.get(address);
        if (a == null || a.ownerUid != uid || !state.closedLive.remove(address, a)) {
            return;
        }
        if (state.partOfMesh()) {
            add(factory().meshClosedLive(a, closedDevice(state), closeSite(state), site()));
        } else {
            add(factory().leak(a, "at close of " + state.device()));
        }
    }

    private static int closeSite(AllocatorState state) {
        return state.meshParent != null ? state.meshParent.closeSite : state.closeSite;
    }

    private static String closedDevice(AllocatorState state) {
        return state.meshParent != null ? state.meshParent.device() : state.device();
    }

    // ---- the allocator: ground truth -------------------------------------------------------------------

    /**
     * {@inheritDoc} The allocator's state is made here, with {@code lock} as the monitor that serializes its writes
     * (see AllocatorState); an allocator first seen through any other event (one created before a dynamic attach)
     * has no known lock, and its state locks the allocator object itself for every write.
     */
    @Override
    public void allocatorCreated(Object allocator, Object lock) {
        if (allocator != null && find(byIdentity, allocator) == null) {
            addState(allocator, -1, false, lock);
        }
    }

    @Override
    public void bufferAllocating(long uid, long size, int deviceId, boolean mesh) {
        ThreadContext ctx = ThreadContext.current();
        ctx.allocatingUid = uid;
        ctx.allocatingSize = size;
        ctx.allocatingDevice = deviceId;
        ctx.allocatingMesh = mesh;
    }

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        ThreadContext ctx = ThreadContext.current();
        AllocatorState state = state(ctx, allocator, -1, false);
        long owner = ctx.allocatingUid;
        if (owner < 0) {
            state.allocated(address, -1, size, type, ctx.devicesOpening > 0, ctx.site, true);
        } else {
            // The owning buffer announced itself (bufferAllocating): the block is recorded as its own at once, and
            // the buffer's own event that follows on this thread is not sent (ThreadContext.takeRecorded).
            ctx.allocatingUid = -1;
            learnDevice(state, ctx.allocatingDevice, ctx.allocatingMesh);
            state.allocated(address, owner, ctx.allocatingSize, type, ctx.devicesOpening > 0, ctx.site, true);
            if (listener != null) {
                streamAllocated(
                        ctx, state, owner, ctx.allocatingDevice, ctx.allocatingMesh, type, address, ctx.allocatingSize);
            }
            ctx.recordedUid = owner;
        }
        if (sampleStack()) {
            sampled(state, address);
        }
    }

    private static void sampled(AllocatorState state, long address) {
        Allocation a = state.live(address);
        if (a != null) {
            a.allocStack(new Throwable("allocated"));
        }
    }

    @Override
    public void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        // The announcing buffer got no block: the thread's next allocator call is not its.
        ThreadContext.current().allocatingUid = -1;
        String message = String.valueOf(error.getMessage());
        if (!message.startsWith("Out of Memory")) {
            return;
        }
        AllocatorState state = state(allocator, -1, false);
        List<Allocation> filling = new ArrayList<>();
        for (Allocation a : state.liveBlocks()) {
            if (a.type == type) {
                filling.add(a);
            }
        }
        filling.sort(Comparator.comparingLong((Allocation a) -> a.size).reversed());
        add(factory().outOfMemory(state, type, size, message, filling, site()));
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        ThreadContext ctx = ThreadContext.current();
        AllocatorState state = state(ctx, allocator, -1, false);
        long owner = state.freedByEvent(address, ctx.site);
        if (owner == AllocatorState.ABSENT) {
            notLiveFreed(state, type, address);
            return;
        }
        if (stackEvery != 0 || listener != null) {
            freedWithExtras(state, address, owner);
        }
    }

    /** The block at {@code address} was freed while stacks are sampled or a listener streams. */
    private void freedWithExtras(AllocatorState state, long address, long owner) {
        Allocation a = state.freedIfRecorded(address);
        if (a != null && (a.allocStack() != null || stackEvery == 1)) {
            a.freeStack(new Throwable("freed"));
        }
        if (listener != null) {
            tellFreed(state, address, a, owner);
        }
    }

    // The rare paths of the hot events live in methods of their own, so that the JIT inlines small hot paths into
    // the runtime's methods: a large inlined body pushed the runtime's own calls out of the inlining budget, and
    // with them the merging of their lock operations.

    /** The allocator frees an address that holds no live block: a double free, or a free of unknown memory. */
    private void notLiveFreed(AllocatorState state, int type, long address) {
        Allocation first = state.freed(address);
        if (first != null) {
            first.flagged = true;
            add(factory().doubleFree(first, site()));
        } else if (!lateAttach && !state.closed) {
            add(factory().unknownFree(state, type, address, site()));
        }
    }

    // ---- buffers ---------------------------------------------------------------------------------------

    @Override
    public void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        ThreadContext ctx = ThreadContext.current();
        if (ctx.recordedUid == uid) {
            // Recorded (and streamed) by the allocator event already; the advice skips this event then, callers that
            // send it anyway change nothing.
            ctx.recordedUid = -1;
            return;
        }
        AllocatorState state = state(ctx, allocator, deviceId, mesh);
        claimLate(ctx, state, uid, type, address, size);
        if (listener != null) {
            streamAllocated(ctx, state, uid, deviceId, mesh, type, address, size);
        }
    }

    /**
     * The buffer did not announce itself before its allocator call (attached while it ran, or a transform that
     * failed): it claims its block now, and a block the allocator call of which was not seen is tracked anyway.
     */
    private void claimLate(ThreadContext ctx, AllocatorState state, long uid, int type, long address, long size) {
        ctx.recordedUid = -1;
        ctx.allocatingUid = -1;
        if (!state.claim(address, uid, size)) {
            // Not the allocator's event: the write takes the allocator's lock.
            state.allocated(address, uid, size, type, ctx.devicesOpening > 0, ctx.site, false);
            if (sampleStack()) {
                sampled(state, address);
            }
        }
    }

    /** Streams an owning buffer's allocation (with the allocation's site, still the thread's current one). */
    private void streamAllocated(
            ThreadContext ctx,
            AllocatorState state,
            long uid,
            int deviceId,
            boolean mesh,
            int type,
            long address,
            long size) {
        int serverType = ctx.kernelBinaries > 0 ? KERNEL_BINARY : type;
        String site = Sites.describe(ctx.site);
        if (!mesh) {
            listener.allocated(uid, deviceId, serverType, address, size, site);
        } else if (ctx.meshCreating == 0) {
            int[] ids = state.physicalIds;
            for (int i = 0; ids != null && i < ids.length; i++) {
                listener.allocated(meshShareId(uid, i), ids[i], serverType, address, size, site);
            }
        }
    }

    @Override
    public void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        ThreadContext ctx = ThreadContext.current();
        if (ctx.meshCreating > 0) {
            // A device-local buffer of the mesh buffer being created: its MeshRecord will hold it
            // (meshBufferCreated). If the creation fails, the runtime closes these buffers before anyone sees them.
            // Its device is known from the device's open; after a late attach the device may have opened unseen, so
            // its state is made known here, but without displacing the mesh's allocator from the thread's cache:
            // the mesh buffer's own events follow.
            if (lateAttach) {
                AllocatorState known = find(byIdentity, allocator);
                learnDevice(known != null ? known : addState(allocator, deviceId, mesh), deviceId, mesh);
            }
            return;
        }
        AllocatorState state = state(ctx, allocator, deviceId, mesh);
        Allocation target = state.live(address);
        if (target != null) {
            aliases.put(uid, new AliasRecord(uid, deviceId, target, ctx.site));
        }
    }

    @Override
    public void freeRequested(
            boolean explicit,
            long uid,
            long rootUid,
            boolean ownsData,
            int status,
            Object allocator,
            int deviceId,
            boolean mesh,
            int type,
            long address,
            long size) {
        AllocatorState state = state(allocator, deviceId, mesh);
        if (state.closed) {
            if (ownsData && status == 1) {
                releasedAfterClose(state, uid, address);
            }
            return;
        }
        if (explicit && (!ownsData || status == 2)) {
            explicitFreeNotOwnedOrFreed(uid, rootUid, ownsData, state, type, address, size);
        }
    }

    /** An explicit free through an alias, or of an owning buffer already freed. */
    private void explicitFreeNotOwnedOrFreed(
            long uid, long rootUid, boolean ownsData, AllocatorState state, int type, long address, long size) {
        if (!ownsData) {
            // A view's uid differs from its root's; device-local and at-address buffers are their own roots.
            MeshRecord local = rootUid == uid ? meshes.findLocal(uid, address) : null;
            AliasRecord alias = local == null && rootUid == uid ? aliases.get(uid) : null;
            String relation = local != null ? "device-local" : alias != null ? "at-address" : "view";
            Allocation target =
                    local != null ? target(local) : alias != null ? alias.target : owned(state, rootUid, address);
            add(factory().aliasFree(uid, rootUid, relation, target, state, type, address, size, site()));
            return;
        }
        Allocation first = state.freed(address);
        if (first != null && first.ownerUid == uid) {
            first.flagged = true;
            add(factory().doubleFree(first, site()));
        }
    }

    @Override
    public void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        if (!ownsData || status != 1) {
            return;
        }
        AllocatorState state = state(allocator, -1, false);
        Allocation a = owned(state, uid, address);
        if (a != null) {
            a.marked = true;
        } else if (state.closed) {
            releasedAfterClose(state, uid, address);
        }
    }

    @Override
    public void bufferUsed(
            long uid,
            long rootUid,
            boolean ownsData,
            int status,
            Object allocator,
            int deviceId,
            boolean mesh,
            int type,
            long address,
            long size,
            int access) {
        AllocatorState state = state(allocator, deviceId, mesh);
        Allocation freedTarget;
        String relation;
        if (ownsData || rootUid != uid) {
            long liveOwner = state.liveOwner(address);
            if (liveOwner == rootUid) {
                return;
            }
            if (state.freedOwner(address) == rootUid) {
                freedTarget = state.freed(address);
            } else if (liveOwner != AllocatorState.ABSENT) {
                // Another block lives at the root's address, so the root's block was freed before it.
                freedTarget = null;
            } else {
                return;
            }
            relation = ownsData ? "" : "view";
        } else {
            MeshRecord local = meshes.findLocal(uid, address);
            Allocation target;
            if (local != null) {
                if (local.owned && backingLive(local)) {
                    return;
                }
                target = target(local);
                relation = "device-local";
            } else {
                AliasRecord alias = aliases.get(uid);
                if (alias == null) {
                    return;
                }
                target = alias.target;
                relation = "at-address";
            }
            if (target == null || target.state == Allocation.LIVE) {
                return;
            }
            freedTarget = target;
        }
        if (freedTarget != null ? freedTarget.flagged : !reportedOnce.add("use:" + uid)) {
            return;
        }
        if (freedTarget != null) {
            freedTarget.flagged = true;
        }
        AllocatorState home = freedTarget != null ? freedTarget.allocator : state;
        Allocation now = home.live(address);
        add(factory()
                .useAfterFree(uid, rootUid, relation, freedTarget, now, state, type, address, size, access, site()));
    }

    // ---- mesh buffers ----------------------------------------------------------------------------------

    @Override
    public void meshBufferCreating() {
        ThreadContext.current().meshCreating++;
    }

    @Override
    public void meshBufferCreated(
            Object meshBuffer,
            Object meshAllocator,
            int meshId,
            long backingUid,
            long[] localUids,
            int[] localDeviceIds,
            int type,
            long address,
            long size) {
        ThreadContext ctx = ThreadContext.current();
        if (ctx.meshCreating > 0) {
            ctx.meshCreating--;
        }
        if (meshBuffer == null) {
            return;
        }
        AllocatorState state = state(ctx, meshAllocator, meshId, true);
        // Owned when the backing buffer's block is live at the address (a primitive read: no record is made for it;
        // see MeshRecord); else the record of whatever block the mesh buffer sits on.
        boolean owned = backingUid >= 0 && state.liveOwner(address) == backingUid;
        Allocation target = owned ? null : state.live(address);
        // The arrays are handed over by the caller (EventSink#meshBufferCreated): kept, not copied.
        MeshRecord rec = new MeshRecord(
                meshBuffer,
                state,
                target,
                owned ? backingUid : -1,
                localUids,
                localDeviceIds,
                address,
                size,
                type,
                ctx.site);
        if (owned && listener != null) {
            for (int i = 0; i < localUids.length; i++) {
                listener.allocated(
                        localUids[i], localDeviceIds[i], type, address, size, Sites.describe(rec.createSite));
            }
        }
        meshes.add(rec);
    }

    /** {@inheritDoc} Finds the mesh buffer by a scan of every live one: advice calls the form with the address. */
    @Override
    public void meshBufferDeallocated(Object meshBuffer) {
        deallocated(meshes.findAnywhere(meshBuffer));
    }

    @Override
    public void meshBufferDeallocated(Object meshBuffer, long address) {
        deallocated(meshes.find(meshBuffer, address));
    }

    private static void deallocated(MeshRecord rec) {
        if (rec != null && !rec.deallocated) {
            rec.deallocated = true;
            rec.deallocSite = Sites.current();
        }
    }

    /** {@inheritDoc} Finds the mesh buffer by a scan of every live one: advice calls the form with the address. */
    @Override
    public void meshBufferClosed(Object meshBuffer) {
        MeshRecord rec = meshes.findAnywhere(meshBuffer);
        if (rec != null && meshes.remove(rec)) {
            closed(rec);
        }
    }

    @Override
    public void meshBufferClosed(Object meshBuffer, long address) {
        MeshRecord rec = meshes.remove(meshBuffer, address);
        if (rec != null) {
            closed(rec);
        }
    }

    /** {@code rec} was just dropped from the index, which retires its device-local aliases with it. */
    private void closed(MeshRecord rec) {
        if (!rec.owned || !backingLive(rec) || rec.allocator.closed) {
            return;
        }
        Allocation backing = target(rec);
        if (backing.state == Allocation.LIVE && !backing.marked) {
            add(factory().freeOrder(rec, backing, site()));
        }
    }

    /** Whether owned {@code rec}'s backing is live: its buffer still owns the block (no record made). */
    private static boolean backingLive(MeshRecord rec) {
        return rec.allocator.liveOwner(rec.address) == rec.backingUid;
    }

    /**
     * Returns the record of the block {@code rec} stands on: an externally owned mesh buffer's from its creation (or
     * null); an owned one's backing record, made on the first request from the live row, else from the tombstone,
     * else (another block was freed at the address since) from the mesh record's own fields. An owned one's record
     * is linked to it from then on, also after its close.
     */
    private static Allocation target(MeshRecord rec) {
        Allocation a = rec.target;
        if (a != null || !rec.owned) {
            return a;
        }
        AllocatorState state = rec.allocator;
        if (state.liveOwner(rec.address) == rec.backingUid) {
            a = state.live(rec.address);
        } else if (state.freedOwner(rec.address) == rec.backingUid) {
            a = state.freed(rec.address);
        }
        if (a == null || a.ownerUid != rec.backingUid) {
            a = new Allocation(state, rec.address, rec.type, rec.size);
            a.ownerUid = rec.backingUid;
            a.state = Allocation.FREED;
            a.allocSite = rec.createSite;
            // The backing is freed by the mesh buffer's deallocate, at its call site.
            a.freeSite = rec.deallocated ? rec.deallocSite : 0;
        }
        a.mesh(rec);
        rec.target = a;
        return a;
    }

    /** {@inheritDoc} Finds the mesh buffer by a scan of every live one: advice calls the form with the address. */
    @Override
    public void meshBufferUsed(Object meshBuffer, boolean allocated, int access) {
        used(meshes.findAnywhere(meshBuffer), access);
    }

    @Override
    public void meshBufferUsed(Object meshBuffer, long address, boolean allocated, int access) {
        used(meshes.find(meshBuffer, address), access);
    }

    private void used(MeshRecord rec, int access) {
        if (rec == null) {
            return;
        }
        if (rec.owned) {
            if (backingLive(rec)) {
                // Live, or deallocated while someone else still holds the backing: the memory is the mesh buffer's.
                return;
            }
        } else if (rec.target == null || (rec.target.state == Allocation.LIVE && !rec.deallocated)) {
            return;
        }
        if (!reportedOnce.add("mesh:" + rec.identity())) {
            return;
        }
        Allocation target = target(rec);
        Allocation now = rec.allocator.live(rec.address);
        add(factory().meshUseAfterFree(rec, target, now, access, site()));
    }

    // ---- programs --------------------------------------------------------------------------------------

    @Override
    public void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        AllocatorState state = state(allocator, -1, false);
        Allocation a = owned(state, rootUid, address);
        if (a == null) {
            return;
        }
        ProgramRecord program = programs.get(programId);
        if (program == null) {
            // putIfAbsent rather than computeIfAbsent with a method reference: no lambda to spin on the first event.
            ProgramRecord created = new ProgramRecord(programId);
            ProgramRecord raced = programs.putIfAbsent(programId, created);
            program = raced != null ? raced : created;
        }
        synchronized (program) {
            if (program.pool.isEmpty()) {
                program.addSite = Sites.current();
            }
            program.pool.add(a);
            ProgramRecord[] pools = Arrays.copyOf(a.pools(), a.pools().length + 1);
            pools[pools.length - 1] = program;
            a.pools(pools);
        }
    }

    @Override
    public void programBuffersReleased(long programId) {
        ProgramRecord program = programs.remove(programId);
        if (program != null) {
            release(program);
        }
    }

    @Override
    public void programClosed(long programId) {
        programBuffersReleased(programId);
        List<Long> records = circularBufferRecords.remove(programId);
        if (records != null && listener != null) {
            for (long id : records) {
                listener.freed(id);
            }
        }
    }

    private static void release(ProgramRecord program) {
        synchronized (program) {
            for (Allocation a : program.pool) {
                ProgramRecord[] pools = a.pools();
                List<ProgramRecord> kept = new ArrayList<>(pools.length);
                for (ProgramRecord p : pools) {
                    if (p != program) {
                        kept.add(p);
                    }
                }
                a.pools(kept.toArray(Allocation.NO_PROGRAMS));
            }
            program.pool.clear();
        }
    }

    @Override
    public void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        AllocatorState state = state(allocator, deviceId, mesh);
        if (listener == null || circularBufferRecords.containsKey(programId)) {
            // CBs are not allocator memory: only the server shows them, once per program.
            return;
        }
        int[] devices = mesh ? state.physicalIds : new int[] {deviceId};
        List<Long> records = new ArrayList<>();
        String site = Sites.describe(Sites.current());
        for (int cb = 0; cb < addresses.length; cb++) {
            for (int d = 0; devices != null && d < devices.length; d++) {
                long id = circularBufferId(programId, cb, d);
                records.add(id);
                listener.allocated(id, devices[d], CIRCULAR_BUFFER, addresses[cb], sizes[cb], site);
            }
        }
        circularBufferRecords.put(programId, records);
    }

    @Override
    public void kernelBinaries(boolean entering) {
        ThreadContext ctx = ThreadContext.current();
        if (entering) {
            ctx.kernelBinaries++;
        } else if (ctx.kernelBinaries > 0) {
            ctx.kernelBinaries--;
        }
    }

    @Override
    public void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        String message = String.valueOf(error.getMessage());
        AllocatorState state = state(allocator, deviceId, mesh);
        Matcher clash = CbMessages.CLASH.matcher(message);
        if (clash.find()) {
            long end = Long.parseLong(clash.group(4));
            List<Allocation> below = new ArrayList<>();
            for (Allocation a : state.liveBlocks()) {
                if (a.type == 1 && a.address < end) {
                    below.add(a);
                }
            }
            Allocation.sortByAddress(below);
            add(factory()
                    .cbClash(
                            programId,
                            state,
                            clash.group(2),
                            Long.parseLong(clash.group(3)),
                            end,
                            message,
                            below,
                            site()));
            return;
        }
        Matcher beyond = CbMessages.BEYOND.matcher(message);
        if (beyond.find()) {
            long end = Long.parseLong(beyond.group(2));
            add(factory().cbClash(programId, state, beyond.group(1), -1, end, message, List.of(), site()));
        }
    }

    @Override
    public void programCacheCleared(int deviceId, int entries) {
        // Eviction closes the cached programs; their close events release the pools.
    }

    // ---- rules-file resources --------------------------------------------------------------------------

    /**
     * Uses a rules file's predicates (owns, owner) for rules-file resources.
     *
     * @param introspector the rules
     */
    public void useRules(RuleIntrospector introspector) {
        this.rules = introspector;
    }

    @Override
    public void ruleAcquired(Object resource, String type) {
        // Taken first, whatever happens next: a site left in the slot would name the next acquisition's caller.
        int site = Sites.takeRuleSite();
        if (resource == null || Sites.context().agentWork) {
            return;
        }
        drainCollected();
        IdentityKey key = new IdentityKey(resource);
        if (ruled.containsKey(key) || ruledAliases.containsKey(key)) {
            // A delegating constructor or a factory calling another acquire: the innermost already recorded it.
            return;
        }
        if (!releasedRuled.isEmpty()) {
            // Handed out again (a pool reusing its objects): no longer a released resource.
            releasedRuled.remove(key);
        }
        RuleIntrospector r = rules;
        String name = resource.getClass().getName();
        if (r != null) {
            if (!r.owns(resource)) {
                return;
            }
            Object owner = r.owner(resource);
            if (owner != null && owner != resource) {
                RuleRecord ownerRec = ruled.get(new IdentityKey(owner));
                RuleRecord alias = new RuleRecord(name, System.identityHashCode(resource), ruleSite(site, type, name));
                alias.owner = ownerRec;
                ruledAliases.put(new IdentityKey(resource, collected), alias);
                return;
            }
        }
        RuleRecord rec = new RuleRecord(name, System.identityHashCode(resource), ruleSite(site, type, name));
        if (sampleStack()) {
            rec.allocStack = new Throwable("acquired");
        }
        ruled.put(new IdentityKey(resource, collected), rec);
        ruleAcquisitions.incrementAndGet();
    }

    @Override
    public void ruleReleased(Object resource, String type) {
        int site = Sites.takeRuleSite();
        if (resource == null || Sites.context().agentWork) {
            return;
        }
        drainCollected();
        IdentityKey key = new IdentityKey(resource);
        RuleRecord rec = ruled.remove(key);
        if (rec != null) {
            rec.released = true;
            ruleReleases.incrementAndGet();
            RuleIntrospector r = rules;
            if (r != null && r.tracksUse()) {
                rec.freeSite = ruleSite(site, type, resource.getClass().getName());
                releasedRuled.put(new IdentityKey(resource, collected), rec);
            }
            return;
        }
        RuleRecord alias = ruledAliases.remove(key);
        if (alias != null) {
            Throwable stack = stackEvery == 1 ? new Throwable("here") : null;
            String name = resource.getClass().getName();
            add(factory().ruleAliasRelease(alias, FindingFactory.site("at", ruleSite(site, type, name), stack)));
        }
        // Anything else was released before (close is idempotent for most resources) or acquired before tracking.
    }

    @Override
    public void ruleUsed(Object resource, String type, String method) {
        int site = Sites.takeRuleSite();
        if (resource == null || releasedRuled.isEmpty()) {
            return;
        }
        ThreadContext ctx = Sites.context();
        if (ctx.agentWork || ctx.releasing == resource) {
            // The agent's own work, or the release itself using its resource on the way out (a close that flushes).
            return;
        }
        RuleRecord rec = releasedRuled.get(new IdentityKey(resource));
        if (rec == null || !claimUse(rec)) {
            return;
        }
        Throwable stack = stackEvery == 1 ? new Throwable("here") : null;
        SiteRef here = FindingFactory.site(
                "at", ruleSite(site, type, resource.getClass().getName()), stack);
        add(factory().ruleUseAfterRelease(rec, type + "." + method, here));
    }

    /** Returns true once per record: the first use after its release is reported, not every one. */
    private static boolean claimUse(RuleRecord rec) {
        synchronized (rec) {
            if (rec.usedAfterRelease) {
                return false;
            }
            rec.usedAfterRelease = true;
            return true;
        }
    }

    /**
     * Reports each rules-file resource collected without a release as a leak, and forgets collected aliases. A poll
     * of an empty queue is one read, so every rule event calls this.
     *
     * @return the number of leaks reported
     */
    private int drainCollected() {
        int n = 0;
        for (Reference<?> key; (key = collected.poll()) != null; ) {
            RuleRecord rec = ruled.remove(key);
            if (rec == null) {
                ruledAliases.remove(key);
                releasedRuled.remove(key);
            } else if (claim(rec)) {
                reportCollected(rec);
                n++;
            }
        }
        return n;
    }

    /** Reports a resource collected without release: listed, or counted once its site has listed enough. */
    private void reportCollected(RuleRecord rec) {
        CollectedTally tally =
                collectedTallies.computeIfAbsent(rec.type + "@" + rec.allocSite, k -> new CollectedTally(rec));
        if (tally.listed.incrementAndGet() <= COLLECTED_LISTED) {
            add(factory().ruleLeak(rec, COLLECTED));
        } else {
            tally.more.incrementAndGet();
        }
    }

    /** Collected-without-release leaks at one type and site. */
    private static final class CollectedTally {
        final RuleRecord first;
        final AtomicInteger listed = new AtomicInteger();
        final AtomicLong more = new AtomicLong();

        CollectedTally(RuleRecord first) {
            this.first = first;
        }
    }

    /** Returns true once per record: the caller reports it. */
    private static boolean claim(RuleRecord rec) {
        synchronized (rec) {
            if (rec.reported) {
                return false;
            }
            rec.reported = true;
            return true;
        }
    }

    /** The site of a rule event: its instrumented call site, or else the first caller outside the resource. */
    private int ruleSite(int site, String declaring, String runtime) {
        return site != Sites.UNKNOWN ? site : WalkedSites.site(declaring, runtime);
    }

    // ---- leak checks and snapshots -----------------------------------------------------------------------

    @Override
    public int checkLeaks() {
        return leaks("at explicit check");
    }

    private int leaks(String when) {
        int n = 0;
        for (AllocatorState state : allocators) {
            List<Allocation> closedLive = new ArrayList<>(state.closedLive.values());
            Allocation.sortByAddress(closedLive);
            for (Allocation a : closedLive) {
                if (!state.closedLive.remove(a.address, a)) {
                    continue;
                }
                if (a.mesh() != null) {
                    add(factory().meshClosedLive(a, closedDevice(state), closeSite(state), null));
                } else {
                    add(factory().leak(a, "at close of " + state.device()));
                }
                n++;
            }
            if (state.closed) {
                continue;
            }
            List<Allocation> live = state.liveBlocks();
            Allocation.sortByAddress(live);
            for (Allocation a : live) {
                if (a.system || a.reported) {
                    continue;
                }
                a.reported = true;
                add(factory().leak(a, when));
                n++;
            }
        }
        n += drainCollected();
        for (Map.Entry<IdentityKey, RuleRecord> e : ruled.entrySet()) {
            RuleRecord rec = e.getValue();
            // Collected but not yet enqueued: a leak all the same, and not one of those still reachable.
            boolean gone = e.getKey().refersTo(null);
            if (gone) {
                ruled.remove(e.getKey(), rec);
            }
            if (claim(rec)) {
                if (gone) {
                    reportCollected(rec);
                } else {
                    add(factory().ruleLeak(rec, when));
                }
                n++;
            }
        }
        return n;
    }

    /**
     * Reports what is still live at exit and returns everything the reports need.
     *
     * @return findings, statistics and counters
     */
    @Override
    public Snapshot exitSnapshot() {
        leaks("at exit");
        return snapshot();
    }

    /** Returns the findings and statistics so far, without a leak check. */
    public Snapshot snapshot() {
        Map<Integer, long[]> perDevice = new TreeMap<>();
        long active = 0;
        long allocations = ruleAcquisitions.get();
        long frees = ruleReleases.get();
        for (AllocatorState state : allocators) {
            long[] counts = state.counts();
            allocations += counts[0];
            frees += counts[1];
            if (!state.mesh && state.deviceId >= 0) {
                row(perDevice, state.deviceId);
            }
            long[] bytesByType = new long[5];
            int live = state.liveSizes(bytesByType);
            active += live;
            int[] ids = state.mesh ? state.physicalIds : new int[] {state.deviceId};
            for (int i = 0; live > 0 && ids != null && i < ids.length; i++) {
                long[] row = row(perDevice, ids[i]);
                row[0] += live;
                for (int t = 0; t < bytesByType.length; t++) {
                    row[1 + t] += bytesByType[t];
                }
            }
        }
        List<DeviceStats> stats = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : perDevice.entrySet()) {
            long[] r = e.getValue();
            // r[3] is SYSTEM_MEMORY, never allocated on a device
            stats.add(new DeviceStats(e.getKey(), r[0], r[1], r[2], r[4], r[5]));
        }
        long errors = AgentErrors.adviceErrors() + AgentErrors.transformErrors();
        List<Finding> found;
        synchronized (findings) {
            found = new ArrayList<>(findings);
        }
        for (CollectedTally t : collectedTallies.values()) {
            long more = t.more.get();
            if (more > 0) {
                found.add(factory().ruleCollectedBeyond(t.first, more, COLLECTED_LISTED));
            }
        }
        return new Snapshot(found, stats, active, allocations, frees, errors);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** The statistics row of device {@code id}, added if missing (a plain get/put: no lambda to spin at exit). */
    private static long[] row(Map<Integer, long[]> perDevice, int id) {
        long[] row = perDevice.get(id);
        if (row == null) {
            row = new long[6];
            perDevice.put(id, row);
        }
        return row;
    }

    private AllocatorState state(Object allocator, int deviceId, boolean mesh) {
        return state(ThreadContext.current(), allocator, deviceId, mesh);
    }

    /**
     * Returns {@code allocator}'s state, creating it if needed, and learns its device. The state this thread used last
     * is tried first: a thread mostly works with one allocator at a time, and the compare is cheaper than the
     * identity hash of the table lookup.
     */
    private AllocatorState state(ThreadContext ctx, Object allocator, int deviceId, boolean mesh) {
        AllocatorState s;
        if (ctx.lastUsed instanceof AllocatorState last && last.allocator == allocator && last.ledger == this) {
            s = last;
        } else {
            s = find(byIdentity, allocator);
            if (s == null) {
                s = addState(allocator, deviceId, mesh);
            }
            ctx.lastUsed = s;
        }
        learnDevice(s, deviceId, mesh);
        return s;
    }

    private static void learnDevice(AllocatorState s, int deviceId, boolean mesh) {
        if (deviceId >= 0 && s.deviceId < 0) {
            s.mesh = mesh;
            s.deviceId = deviceId;
        }
    }

    /** Looks {@code allocator} up in a table built by {@link #addState}: at most half full, so a probe ends. */
    private static AllocatorState find(AllocatorState[] table, Object allocator) {
        int mask = table.length - 1;
        for (int i = slot(allocator, mask); ; i = (i + 1) & mask) {
            AllocatorState s = table[i];
            if (s == null || s.allocator == allocator) {
                return s;
            }
        }
    }

    private static int slot(Object allocator, int mask) {
        // Identity hashes are not guaranteed to vary in their low bits: spread them (Fibonacci hashing).
        return ((System.identityHashCode(allocator) * 0x9E3779B9) >>> 16) & mask;
    }

    private AllocatorState addState(Object allocator, int deviceId, boolean mesh) {
        return addState(allocator, deviceId, mesh, null);
    }

    private synchronized AllocatorState addState(Object allocator, int deviceId, boolean mesh, Object lock) {
        AllocatorState existing = find(byIdentity, allocator);
        if (existing != null) {
            return existing;
        }
        AllocatorState s = new AllocatorState(this, meshes, allocator, lock, deviceId, mesh);
        AllocatorState[] grown = Arrays.copyOf(allocators, allocators.length + 1);
        grown[grown.length - 1] = s;
        int length = byIdentity.length;
        while (grown.length * 2 > length) {
            length *= 2;
        }
        AllocatorState[] table = new AllocatorState[length];
        for (AllocatorState t : grown) {
            int i = slot(t.allocator, length - 1);
            while (table[i] != null) {
                i = (i + 1) & (length - 1);
            }
            table[i] = t;
        }
        // The table first: a state is findable before it is listed, and listed states are always findable.
        byIdentity = table;
        allocators = grown;
        return s;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** The record of the live block at {@code address} if {@code uid} owns it, else null (and no record made). */
    private static Allocation owned(AllocatorState state, long uid, long address) {
        if (state.liveOwner(address) != uid) {
            return null;
        }
        Allocation a = state.live(address);
        return a != null && a.ownerUid == uid ? a : null;
    }

    private boolean sampleStack() {
        if (stackEvery == 0) {
            return false;
        }
        if (stackEvery == 1) {
            return true;
        }
        // The Nth, 2Nth, ... object, without a division per object.
        if (--stackCountdown > 0) {
            return false;
        }
        stackCountdown = stackEvery;
        return true;
    }

    private SiteRef site() {
        Throwable stack = stackEvery == 1 ? new Throwable("here") : null;
        return FindingFactory.site("at", Sites.current(), stack);
    }

    private void add(Finding finding) {
        synchronized (findings) {
            findings.add(finding);
        }
        if (listener != null) {
            listener.finding(finding.objectId(), finding.kind().text(), FindingFactory.oneLine(finding));
        }
    }

    private void tellFreed(Allocation a) {
        tellFreed(a.allocator, a.address, a, a.ownerUid);
    }

    /**
     * Tells the listener the block of {@code owner} at {@code address} (with its record {@code a}, or null if none was
     * made) is freed.
     */
    private void tellFreed(AllocatorState state, long address, Allocation a, long owner) {
        if (listener == null || owner < 0) {
            return;
        }
        // A mesh backing's block finds its mesh buffer in the index (it has no record unless a report made one).
        MeshRecord mesh = a != null ? a.mesh() : state.mesh ? meshes.findBacking(state, address, owner) : null;
        if (mesh != null) {
            for (long local : mesh.localUids) {
                listener.freed(local);
            }
        } else if (state.mesh) {
            int[] ids = state.physicalIds;
            for (int i = 0; ids != null && i < ids.length; i++) {
                listener.freed(meshShareId(owner, i));
            }
        } else {
            listener.freed(owner);
        }
    }

    /** The server id of device {@code index}'s share of a plain buffer allocated on a mesh device. */
    static long meshShareId(long uid, int index) {
        return Long.MIN_VALUE | ((uid & ((1L << 53) - 1)) << 8) | (index & 0xFF);
    }

    /** The server id of circular buffer {@code cb} of a program on the {@code index}th device. */
    static long circularBufferId(long programId, int cb, int index) {
        return Long.MIN_VALUE
                | (1L << 62)
                | ((programId & 0xFFFF_FFFFL) << 24)
                | ((cb & 0xFFFL) << 12)
                | (index & 0xFFF);
    }

    static String typeName(int type) {
        return type >= 0 && type < TYPES.length ? TYPES[type] : "type " + type;
    }

    /**
     * The runtime's two circular-buffer region errors, compiled on the first CB finding rather than at premain
     * (compiling them loaded the regex engine at every start-up, about 3 ms).
     */
    /**
     * The findings' text builder, loaded on the first finding: a clean run never needs it, and loading and verifying
     * its 18 KB of bytecode cost about a millisecond of every start-up.
     */
    private static FindingFactory factory() {
        return Factory.INSTANCE;
    }

    private static final class Factory {
        static final FindingFactory INSTANCE = new FindingFactory();

        private Factory() {}
    }

    private static final class CbMessages {
        static final Pattern CLASH = Pattern.compile(
                "program (\\d+) clash with L1 buffers on core range (.*)\\. L1 buffer allocated at (\\d+) and"
                        + " static circular buffer region ends at (\\d+)");
        static final Pattern BEYOND =
                Pattern.compile("core range (.*) grow to (\\d+) B which is beyond max L1 size of (\\d+) B");

        private CbMessages() {}
    }
}
