/**
 * Devices, core coordinates, the program cache and simulated device memory.
 *
 * <h2>Ported files (tenstorrent/tt-metal, 2025)</h2>
 *
 * {@code tt_metal/api/tt-metalium/device.hpp} and {@code tt_metal/impl/device/device.cpp} ({@code IDevice},
 * {@code Device}), {@code tt_metal/api/tt-metalium/core_coord.hpp} ({@code CoreCoord}, {@code CoreRange},
 * {@code CoreRangeSet}), {@code tt_metal/impl/program/program_cache} ({@code program_cache::detail::ProgramCache}),
 * and the architecture numbers of {@code tt_metal/llrt/hal/tt-1xx/wormhole/wh_hal.cpp},
 * {@code tt-1xx/blackhole/bh_hal.cpp}, {@code bh_hal_tensix.cpp} and {@code hw/inc/.../dev_mem_map.h}.
 *
 * <h2>Upstream → Java</h2>
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><th>upstream</th><th>Java</th></tr>
 *   <tr><td>{@code CreateDevice(id)} / {@code CloseDevice} / {@code Device::close}</td>
 *       <td>{@code Device.open(id, spec)} / {@code Device.close()}</td></tr>
 *   <tr><td>{@code is_initialized}, {@code allocator()}, {@code l1_size_per_core},
 *       {@code lowest_occupied_compute_l1_address}, {@code compute_with_storage_grid_size}</td>
 *       <td>{@code isInitialized}, {@code allocator}, {@code l1SizePerCore}, {@code lowestOccupiedComputeL1Address},
 *       {@code computeWithStorageGridSize}</td></tr>
 *   <tr><td>{@code enable_program_cache}, {@code clear_program_cache}, {@code disable_and_clear_program_cache},
 *       {@code num_program_cache_entries}, cache {@code find} / {@code insert}</td>
 *       <td>{@code ProgramCache.enable}, {@code clear}, {@code disableAndClear}, {@code numEntries}, {@code find},
 *       {@code insert} (reached through {@code programCache()})</td></tr>
 *   <tr><td>{@code tt::ARCH}</td><td>{@code Arch} ({@code value()} is the upstream number)</td></tr>
 *   <tr><td>{@code CoreCoord::str}, {@code CoreRange::str}, {@code CoreRangeSet::str / num_cores}</td>
 *       <td>{@code str}, {@code str}, {@code str / numCores}</td></tr>
 *   <tr><td>{@code AllocatorConfig} inputs from the soc descriptor and HAL</td><td>{@code DeviceSpec}</td></tr>
 * </table>
 *
 * <h2>Architecture numbers and the choices behind them</h2>
 *
 * <ul>
 *   <li>Wormhole B0: L1 1,499,136 B per core, 12 DRAM banks of 1 GiB, alignments 16 (L1) and 32 (DRAM), 8×8 compute
 *       grid, {@code l1_unreserved_base} 101,152 (the first CB address in the branch logs).
 *   <li>Blackhole: L1 1,572,864 B, 8 DRAM banks of 4,278,190,080 B, alignments 16 and 64. Compute grid 13×10, the
 *       unharvested p150 grid (upstream also runs 12×10 and 11×10; use {@code withComputeGridSize}).
 *       {@code l1_unreserved_base} 102,784: the Blackhole HAL's default unreserved base, {@code MEM_MAP_END}
 *       (32,080) plus the 69 KiB kernel-config ring buffer, rounded up to 64.
 *   <li>{@code dram_unreserved_base} is the HAL's DRAM barrier size, {@code round_up(4, DRAM_ALIGNMENT)}: 32 on
 *       Wormhole, 64 on Blackhole (non-profiler builds). Upstream Wormhole out-of-memory messages report a DRAM bank
 *       size of 1,073,741,792 = 1 GiB − 32, which confirms it.
 *   <li>{@code l1_small_size} and {@code trace_region_size} are given as requested and rounded by
 *       {@code AllocatorConfig.from}: L1_SMALL up to the DRAM alignment, TRACE up to DRAM alignment × channels.
 * </ul>
 *
 * <h2>Other choices</h2>
 *
 * <ul>
 *   <li>A device id may be open once per process at a time (a static, thread-safe registry); opening it again
 *       before {@code close()} is an {@code IllegalStateException}.
 *   <li>{@code Device.close()} clears the program cache (closing its entries while the device is still usable, so
 *       cached buffers free normally), then frees everything left with {@code Allocator.deallocateBuffers()} (no
 *       per-buffer frees), drops the simulated memory and releases the id, even if a cache entry fails to close.
 *       After that {@code allocator()}, {@code memory()} and {@code lowestOccupiedComputeL1Address()} throw
 *       {@code IllegalStateException} naming the device; closing again does nothing.
 *   <li>{@code lowestOccupiedComputeL1Address()} asks L1 bank 0; all L1 banks move in lockstep.
 *   <li>{@code ProgramCache.insert} refuses a disabled cache and a key already present (upstream's callers check
 *       {@code is_enabled()} first and never insert twice); {@code clear()} closes entries in insertion order
 *       outside its lock and closes them all even if one fails.
 *   <li>{@code DeviceMemory} keeps 4 KiB chunks in a map keyed by (memory type, bank, chunk index), created on first
 *       write; unwritten bytes read as 0.
 * </ul>
 */
package dev.custody.metal.device;
