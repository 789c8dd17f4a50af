/**
 * The ownership ledger and its findings.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Identity.</b> An allocation is keyed by (allocator instance, address) and owned by exactly one
 *       object: an owning Buffer, named by its {@code uniqueId()}. Never by (device id, address): the first
 *       MeshDevice has id 0 like physical device 0, and views, device-local mesh buffers and kernel-binary
 *       views share addresses. Mesh buffers and rules-file resources are tracked by object identity (a mesh
 *       buffer is found by its address and then compared by reference; rules-file resources are held weakly, so
 *       the ledger keeps no object alive, and one collected without its release is a leak).
 *   <li><b>Ground truth.</b> The allocator's allocate and free are what make an address live or free; the
 *       owning Buffer's allocation event then claims the block. A free of an address that is not live is a
 *       double free when the address was freed before (the tombstone names the first free) and a free of
 *       unknown memory otherwise.
 *   <li><b>owns_data.</b> Only owning buffers allocate and free. A view or an at-address buffer is an alias
 *       of its root or of the block it was created over and never produces an ALLOC or a FREE. Freeing
 *       through an alias is reported (the runtime ignores it); using an alias whose block was freed is a
 *       use after free, naming the new owner if the address was reused.
 *   <li><b>Backing first.</b> A MeshBuffer's backing allocation (on the MeshDevice's own allocator) is its
 *       one allocation; its N device-local buffers are aliases of it. Deallocation frees the backing first
 *       (one FREE per address, not N+1) and then the aliases retire when the MeshBuffer is closed; closing a
 *       MeshBuffer while its backing is still allocated is a free-order violation.
 *   <li><b>Program pool.</b> Buffers handed to a program stay owned by its pool until {@code releaseBuffers}
 *       or the program's close. Memory still held only by the pool of a program that was dropped without
 *       either is a program-pool leak.
 *   <li><b>Devices.</b> Memory allocated while a device opens is the device's own (freed by its close, never
 *       a leak). Closing a device retires whatever else is still live on its allocator. Each such block is
 *       reported once: when its owner releases it after the close (memory of a mesh or of a mesh's device as
 *       mesh-closed-with-live-buffers, a standalone device's as a leak), or at exit if never released.
 *   <li><b>Pre-existing memory.</b> After a dynamic attach, memory allocated before the attach is unknown to
 *       the ledger and never causes a finding: frees of unknown addresses and uses of unknown objects are
 *       ignored.
 * </ul>
 */
package dev.custody.agent.ledger;
