package dev.custody.metal.program;

import dev.custody.metal.device.CoreRangeSet;

/**
 * A kernel of a program: a named binary placed on a set of cores ({@code Kernel} in {@code kernel.hpp}, reduced to
 * what memory ownership needs: the binary's size).
 *
 * @param name the kernel's name, e.g. {@code "reader_matmul"}
 * @param coreRanges the cores it runs on
 * @param binaryBytes the size of its compiled binary in bytes, {@code > 0}
 */
public record Kernel(String name, CoreRangeSet coreRanges, int binaryBytes) {
    /**
     * Validates the kernel.
     *
     * @throws IllegalArgumentException if {@code binaryBytes <= 0}
     */
    public Kernel {
        if (binaryBytes <= 0) {
            throw new IllegalArgumentException("kernel " + name + " binaryBytes (" + binaryBytes
                    + ") must be > 0; give the size of its compiled binary");
        }
    }
}
