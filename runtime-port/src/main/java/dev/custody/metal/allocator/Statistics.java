package dev.custody.metal.allocator;

/**
 * Usage of one bank of a bank manager ({@code Statistics} in {@code allocator_types.hpp}); every bank of a manager
 * is in the same state, so one bank describes them all.
 *
 * @param totalAllocatableSizeBytes the size of the bank's managed region
 * @param totalAllocatedBytes bytes in allocated blocks (after alignment rounding)
 * @param totalFreeBytes bytes in free blocks
 * @param largestFreeBlockBytes the largest single free block, 0 when the bank is full
 */
public record Statistics(
        long totalAllocatableSizeBytes, long totalAllocatedBytes, long totalFreeBytes, long largestFreeBlockBytes) {}
