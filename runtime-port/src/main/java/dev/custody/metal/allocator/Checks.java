package dev.custody.metal.allocator;

/** Argument checks of the allocator package; messages name the argument, its value and the rule. */
final class Checks {
    private Checks() {}

    static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= 0");
        }
    }

    static void powerOfTwo(String name, long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " (" + value + ") must be a positive power of two");
        }
    }

    /**
     * Checks the size and page size of a buffer request.
     *
     * @throws IllegalArgumentException if either is negative, the page size is 0 while the size is not, or the size
     *     is not a whole number of pages
     */
    static void sizeAndPage(String sizeName, long size, String pageName, long pageSize) {
        nonNegative(sizeName, size);
        nonNegative(pageName, pageSize);
        if (pageSize == 0 && size != 0) {
            throw new IllegalArgumentException(
                    pageName + " (0) must be > 0 when " + sizeName + " (" + size + ") is > 0; pass the page size");
        }
        if (pageSize != 0 && size % pageSize != 0) {
            throw new IllegalArgumentException(sizeName + " (" + size + ") must be a multiple of " + pageName + " ("
                    + pageSize + "); round the size up to whole pages");
        }
    }
}
