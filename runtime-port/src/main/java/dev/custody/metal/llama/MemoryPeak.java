package dev.custody.metal.llama;

/**
 * The most a device's allocator held at once during a run, per bank (allocator statistics are per bank).
 *
 * @param device "mesh N" or "device N"
 * @param dramBytes peak DRAM allocated per bank
 * @param l1Bytes peak L1 allocated per bank
 */
public record MemoryPeak(String device, long dramBytes, long l1Bytes) {}
