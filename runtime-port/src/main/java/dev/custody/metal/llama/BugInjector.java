package dev.custody.metal.llama;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.buffer.InterleavedBufferConfig;
import dev.custody.metal.device.Device;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import dev.custody.metal.program.Program;
import java.util.Arrays;
import java.util.List;

/**
 * Injects the ownership bugs of {@link Bug}. Each method is named for its bug and commits the bug at exactly one line,
 * marked {@code // <-- injected bug: KIND}; everything else in the method is the setup a real program would have
 * around such a mistake. Tools that report a site report that line.
 */
final class BugInjector {
    private final Live live;
    private final List<String> observations;

    BugInjector(Live live, List<String> observations) {
        this.live = live;
        this.observations = observations;
    }

    /** {@code leak}: an L1 buffer is created, written and never freed or closed. */
    void injectLeak(Device device, byte[] bytes) {
        InterleavedBufferConfig config = new InterleavedBufferConfig(device, bytes.length, 32, BufferType.L1);
        Buffer b = TtMetal.createBuffer(config); // <-- injected bug: leak
        live.untracked(b);
        TtMetal.enqueueWriteBuffer(b, bytes);
        observations.add("bug leak: buffer " + b.uniqueId() + " (" + b.size() + " B L1 at " + b.address()
                + ") on device " + device.id() + " is never freed");
    }

    /**
     * {@code stale-view}: a view outlives its root's memory; the root's range is reused by a new buffer of the same
     * size, and reading the view returns the new owner's bytes.
     *
     * @return true if the stale read returned the new owner's bytes
     */
    boolean injectStaleView(Device device, byte[] rootBytes, byte[] successorBytes) {
        long size = rootBytes.length;
        Buffer root = live.interleaved(device, size, 32, BufferType.L1);
        TtMetal.enqueueWriteBuffer(root, rootBytes);
        Buffer view = live.view(root, 0, size / 2);
        live.free(root); // the view keeps the root object alive, not its memory
        Buffer successor = live.interleaved(device, size, 32, BufferType.L1);
        TtMetal.enqueueWriteBuffer(successor, successorBytes);
        byte[] seen = TtMetal.enqueueReadBuffer(view); // <-- injected bug: stale-view
        boolean newOwners = Arrays.equals(seen, Arrays.copyOf(successorBytes, seen.length));
        observations.add("bug stale-view: view " + view.uniqueId() + " of freed buffer " + root.uniqueId() + " read "
                + seen.length + " B at " + view.address() + " and got the bytes of buffer " + successor.uniqueId()
                + (successor.address() == root.address() ? " (same address)" : " (address " + successor.address() + ")")
                + (newOwners ? ", the new owner's data" : ", not the new owner's data"));
        live.release(view);
        live.free(successor);
        return newOwners;
    }

    /**
     * {@code pool}: a program takes an L1 buffer into its pool and is dropped without {@code close()}; the creator
     * closes its own handle, so only the lost program holds the buffer.
     */
    void injectPool(MeshDevice mesh) {
        int banks = mesh.allocator().getNumBanks(BufferType.L1);
        Buffer scratch = live.untracked(Buffer.create(mesh, banks * 64L, 64, BufferType.L1));
        TtMetal.assignGlobalBufferToProgram(scratch, new Program()); // <-- injected bug: pool
        scratch.close();
        observations.add("bug pool: buffer " + scratch.uniqueId() + " (" + scratch.size() + " B L1 at "
                + scratch.address() + ") is held by a program that is never closed");
    }

    /** {@code mesh-closed-first}: the mesh is closed while mesh buffers are live. */
    void injectMeshClosedFirst(MeshDevice mesh, List<MeshBuffer> liveMeshBuffers) {
        mesh.close(); // <-- injected bug: mesh-closed-first
        observations.add("bug mesh-closed-first: mesh " + mesh.id() + " closed with " + liveMeshBuffers.size()
                + " mesh buffers live; they are deallocated after their mesh is gone");
    }

    /** Reports how the mesh buffers live at {@link #injectMeshClosedFirst} ended once released. */
    void reportMeshGone(List<MeshBuffer> released) {
        long deallocated = released.stream()
                .filter(b -> b.state() == MeshBuffer.State.DEALLOCATED)
                .count();
        observations.add(
                "bug mesh-closed-first: " + deallocated + " of " + released.size()
                        + " mesh buffers took the mesh-gone path (state DEALLOCATED, backing marked deallocated, nothing freed)");
    }

    /** {@code double-free}: {@code DeallocateBuffer} again on a buffer already freed. */
    void injectDoubleFree(Buffer freed) {
        TtMetal.deallocateBuffer(freed); // <-- injected bug: double-free
        observations.add(
                "bug double-free: buffer " + freed.uniqueId() + " deallocated twice (address " + freed.address() + ")");
    }

    /** {@code alias-free}: {@code DeallocateBuffer} on a view, which does not own its memory. */
    void injectAliasFree(Buffer view) {
        TtMetal.deallocateBuffer(view); // <-- injected bug: alias-free
        observations.add("bug alias-free: DeallocateBuffer on view " + view.uniqueId() + " of buffer "
                + view.rootBuffer().uniqueId() + " did nothing; status " + view.allocationStatus());
    }

    /**
     * {@code cb-clash}: an L1 mesh buffer reaching down to just above {@code l1_unreserved_base}, below every
     * program's static CB region; the next enqueue fails validation.
     */
    MeshBuffer injectCbClash(MeshDevice mesh, long perBank) {
        int banks = mesh.allocator().getNumBanks(BufferType.L1);
        ReplicatedBufferConfig global = new ReplicatedBufferConfig(banks * perBank);
        DeviceLocalBufferConfig local = DeviceLocalBufferConfig.of(perBank, BufferType.L1);
        MeshBuffer spill = MeshBuffer.create(global, local, mesh); // <-- injected bug: cb-clash
        live.adopt(spill);
        observations.add("bug cb-clash: L1 mesh buffer of " + perBank + " B per bank at " + spill.address()
                + " grows into the static circular-buffer region");
        return spill;
    }
}
