/**
 * Programs: circular buffers, the owned buffer pool, kernel-binary buffers and mesh workloads.
 *
 * <p>Ports {@code tt_metal/impl/program/program.cpp}, {@code program_impl.hpp},
 * {@code tt_metal/api/tt-metalium/circular_buffer_config.hpp}, {@code circular_buffer.hpp} and
 * {@code tt_metal/distributed/mesh_workload.cpp}. Upstream {@code Program} is a handle on a
 * {@code detail::ProgramImpl}; here the two are one class, {@link dev.custody.metal.program.Program}, whose
 * {@code close()} is {@code ~Program} followed by {@code ~ProgramImpl}.
 *
 * <p>Name mapping (upstream → Java):
 *
 * <ul>
 *   <li>{@code ProgramImpl::add_buffer} / {@code release_buffers} → {@code Program.addBuffer} / {@code releaseBuffers}
 *   <li>{@code ProgramImpl::add_circular_buffer} → {@code Program.addCircularBuffer}
 *   <li>{@code ProgramImpl::allocate_circular_buffers} → {@code Program.allocateCircularBuffers}
 *   <li>{@code ProgramImpl::validate_circular_buffer_region} → {@code Program.validateCircularBufferRegion}
 *   <li>{@code ProgramImpl::allocate_kernel_bin_buf_on_device} → {@code Program.allocateKernelBinBufOnDevice}
 *   <li>{@code ProgramImpl::kernels_buffer_} → {@code Program.kernelsBinBuffer(int deviceId)}
 *   <li>{@code CircularBufferAllocator::mark_address} / {@code get_cb_region_end} / {@code reset_available_addresses}
 *       → {@code markAddress} / {@code cbRegionEnd} / {@code resetAvailableAddresses}
 *   <li>{@code MeshWorkloadImpl::compile} / {@code load_binaries} → {@code MeshWorkload.compile} / {@code loadBinaries}
 *   <li>{@code EnqueueProgram} / {@code EnqueueMeshWorkload} → {@code CommandQueue.enqueueProgram} /
 *       {@code enqueueMeshWorkload}
 *   <li>{@code HostMemDeviceCommand::PROGRAM_PAGE_SIZE} → {@code Program.PROGRAM_PAGE_SIZE}
 * </ul>
 *
 * <p>Conventions: sizes and addresses are bytes; a circular buffer (CB) index is the per-core slot
 * {@code 0..NUM_CIRCULAR_BUFFERS-1} ({@link dev.custody.metal.program.CircularBufferConfig#numCircularBuffers}: 32 on
 * Wormhole B0, 64 on Blackhole). Static ("locally allocated") CBs are not allocator allocations: each program places
 * them bottom-up from {@code l1_unreserved_base}, so CBs of different programs alias the same addresses. Nothing here
 * is thread-safe except the id counters; a program is used by one thread at a time, like upstream's host API.
 */
package dev.custody.metal.program;
