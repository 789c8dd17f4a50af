/**
 * The device allocator: lockstep banks over an address-ordered first-fit free list.
 *
 * <h2>Ported files (tenstorrent/tt-metal, 2025)</h2>
 *
 * {@code tt_metal/impl/allocator/allocator.cpp}, {@code l1_banking_allocator.cpp}, {@code bank_manager.cpp},
 * {@code algorithms/free_list_opt.hpp/.cpp}, {@code algorithms/allocator_algorithm.hpp},
 * {@code allocator_types.hpp} ({@code Statistics}), {@code llrt/hal/hal_types.hpp} ({@code HalMemType}), and
 * {@code detail::calculate_bank_size_spread} from {@code allocator.hpp}.
 *
 * <h2>Upstream → Java</h2>
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><th>upstream</th><th>Java</th></tr>
 *   <tr><td>{@code Allocator::allocate_buffer(Buffer*)}</td>
 *       <td>{@code Allocator.allocateBuffer(type, alignedSize, alignedPageSize, bottomUp, numShards)} — the buffer's
 *       {@code aligned_size()}, {@code aligned_page_size()}, {@code bottom_up()}, {@code num_cores()} passed in;
 *       {@code numShards} 0 stands for {@code std::nullopt} (interleaved)</td></tr>
 *   <tr><td>{@code Allocator::deallocate_buffer(Buffer*)}</td>
 *       <td>{@code Allocator.deallocateBuffer(type, address)}</td></tr>
 *   <tr><td>{@code Allocator::deallocate_buffers()}</td><td>{@code Allocator.deallocateBuffers()}</td></tr>
 *   <tr><td>{@code get_alignment}, {@code get_num_banks}, {@code get_bank_size}, {@code get_base_allocator_addr},
 *       {@code get_lowest_occupied_l1_address}, {@code get_statistics}, {@code dump_memory_blocks},
 *       {@code get_bank_offset}, {@code get_config}</td>
 *       <td>{@code getAlignment}, {@code getNumBanks}, {@code getBankSize}, {@code getBaseAllocatorAddr},
 *       {@code getLowestOccupiedL1Address}, {@code getStatistics}, {@code dumpBlocks}, {@code bankOffset},
 *       {@code config}</td></tr>
 *   <tr><td>{@code L1BankingAllocator::generate_config}</td><td>{@code AllocatorConfig.from(DeviceSpec)}</td></tr>
 *   <tr><td>{@code detail::calculate_bank_size_spread}</td><td>{@code Allocator.calculateBankSizeSpread}</td></tr>
 *   <tr><td>{@code BankManager::allocate_buffer / deallocate_buffer / deallocate_all / lowest_occupied_address /
 *       get_statistics / dump_blocks / shrink_size / reset_size / num_banks / bank_size / bank_offset}</td>
 *       <td>{@code allocateBuffer / deallocateBuffer / deallocateAll / lowestOccupiedAddress / statistics /
 *       dumpBlocks / shrinkSize / resetSize / numBanks / bankSize / bankOffset}</td></tr>
 *   <tr><td>{@code allocator::FreeListOpt} ({@code SearchPolicy::FIRST})</td>
 *       <td>{@code FreeListOpt} (package-private; FIRST is the only policy)</td></tr>
 *   <tr><td>{@code TT_FATAL("Out of Memory: ...")}</td><td>{@link OutOfDeviceMemoryException}</td></tr>
 * </table>
 *
 * <h2>Choices where the specification is silent</h2>
 *
 * <ul>
 *   <li>Each manager's free list uses that manager's own alignment as alignment and minimum allocation size (the
 *       2025 code); newer upstream passes the HAL DRAM alignment to every manager.
 *   <li>The out-of-memory text is the 2025 one ("... but bank size is only {n} B"), and bank size is the managed
 *       region of one bank.
 *   <li>The address-limit failure ("Cannot allocate at an address below ...") is an
 *       {@code OutOfDeviceMemoryException} and is checked before the free block is carved, so it changes nothing;
 *       upstream throws after carving and leaks the block. Every failing call leaves the allocator unchanged.
 *   <li>{@code BankManager.deallocateBuffer} also forgets the address (newer upstream does; 2024 code did not), and
 *       {@code deallocateAll} frees in allocation order (upstream iterates an unordered set).
 *   <li>{@code FreeListOpt.clear} forgets the lowest occupied address; upstream keeps a stale value.
 *   <li>The free list answers "lowest / highest fitting address" from a treap with subtree maxima instead of
 *       scanning size classes; placement, block ids and the dump are the same (see {@code FreeListOpt}).
 *       Statistics are running totals, O(1).
 *   <li>L1 banks are ids {@code 0..n-1}, one per compute core, all with offset 0; upstream shuffles which core
 *       gets which id with {@code std::default_random_engine(0)}, which only matters for core-addressed reads the
 *       port does not model. DRAM bank offsets are 0.
 *   <li>The TRACE region of each DRAM bank is {@code trace_region_size} rounded up to DRAM alignment × DRAM
 *       channels, as {@code generate_config} rounds it, and sits at the top of the bank.
 *   <li>L1_SMALL has banks only when its size is non-zero (as upstream); it takes sharded buffers only.
 *   <li>A page size passed to {@code Allocator.allocateBuffer} must already be a multiple of the type's alignment
 *       (it is named {@code alignedPageSize}); upstream silently rounds.
 *   <li>There is no trace-capture state, so the "unsafe due to an active trace" warning is not modelled, and the
 *       allocator keeps no set of {@code Buffer*}: it never references buffers.
 * </ul>
 *
 * <p>Thread safety: {@code Allocator} holds one lock per call, like upstream's mutex. {@code BankManager} and
 * {@code FreeListOpt} are not thread-safe on their own.
 */
package dev.custody.metal.allocator;
