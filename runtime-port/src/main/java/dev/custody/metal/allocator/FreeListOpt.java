package dev.custody.metal.allocator;

import java.io.PrintWriter;
import java.util.OptionalLong;

/** Address-ordered first-fit free list of one bank region ({@code FreeListOpt}, {@code free_list_opt.cpp}). */
final class FreeListOpt {
    FreeListOpt(long maxSize, long offset, long minAllocationSize, long alignment) {}

    OptionalLong allocate(long size, boolean bottomUp, long addressLimit) {
        throw new UnsupportedOperationException("not yet");
    }

    OptionalLong allocateAtAddress(long absoluteAddress, long size) {
        throw new UnsupportedOperationException("not yet");
    }

    void deallocate(long absoluteAddress) {
        throw new UnsupportedOperationException("not yet");
    }

    void clear() {
        throw new UnsupportedOperationException("not yet");
    }

    OptionalLong lowestOccupiedAddress() {
        throw new UnsupportedOperationException("not yet");
    }

    Statistics statistics() {
        throw new UnsupportedOperationException("not yet");
    }

    void dumpBlocks(PrintWriter out) {
        throw new UnsupportedOperationException("not yet");
    }

    void shrinkSize(long shrinkSize, boolean bottomUp) {
        throw new UnsupportedOperationException("not yet");
    }

    void resetSize() {
        throw new UnsupportedOperationException("not yet");
    }
}
