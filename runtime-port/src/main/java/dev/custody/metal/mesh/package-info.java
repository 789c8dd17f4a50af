/**
 * Meshes of devices and buffers spread over them. Ports {@code tt_metal/api/tt-metalium/mesh_device.hpp},
 * {@code mesh_buffer.hpp} and {@code tt_metal/distributed/mesh_buffer.cpp} (2025 upstream, LOCKSTEP allocation).
 *
 * <p>Upstream → Java names: {@code MeshDevice::create} → {@link dev.custody.metal.mesh.MeshDevice#create},
 * {@code get_device} → {@code getDevice}, {@code get_devices} → {@code getDevices}, {@code MeshBuffer::create} (with
 * and without address) → {@link dev.custody.metal.mesh.MeshBuffer#create}, {@code initialize_device_buffers} →
 * {@code initializeDeviceBuffers}, {@code deallocate} → {@code deallocate}, {@code ~MeshBuffer} →
 * {@code MeshBuffer.close()}, {@code OwnedBufferState / ExternallyOwnedState / DeallocatedState} →
 * {@link dev.custody.metal.mesh.MeshBuffer.State}, {@code weak_ptr<MeshDevice>} expiry →
 * {@link dev.custody.metal.mesh.MeshDevice#isClosed()}, {@code distributed::ShardedBufferConfig} →
 * {@link dev.custody.metal.mesh.ShardedBufferConfig} (not the single-device one in the buffer package).
 *
 * <p>Conventions: mesh coordinates are (row, col); device lists are row-major; the physical device at (r, c) of an
 * R×C mesh has id {@code r·C + c}. Mesh ids come from their own counter starting at 0 and therefore collide with
 * physical device ids. Not modelled: sub-devices, remote (multi-host) devices, mesh views, HYBRID allocation.
 */
package dev.custody.metal.mesh;
