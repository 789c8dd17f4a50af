package dev.custody.metal.buffer;

/**
 * A shard spec plus the page geometry of the tensor ({@code ShardSpecBuffer} in {@code buffer.hpp}).
 *
 * <p>The tensor is a 2-D grid of {@code tensorHeightInPages × tensorWidthInPages} pages; one shard is
 * {@link #shardHeightInPages()} × {@link #shardWidthInPages()} pages.
 *
 * @param tensorShardSpec the shard shape (elements) and cores
 * @param pageHeight page height in elements ({@code page_shape[0]})
 * @param pageWidth page width in elements ({@code page_shape[1]})
 * @param tensorHeightInPages tensor height in pages ({@code tensor2d_shape_in_pages[0]})
 * @param tensorWidthInPages tensor width in pages ({@code tensor2d_shape_in_pages[1]})
 */
public record ShardSpecBuffer(
        ShardSpec tensorShardSpec, int pageHeight, int pageWidth, int tensorHeightInPages, int tensorWidthInPages) {
    /**
     * Validates the geometry.
     *
     * @throws IllegalArgumentException if the spec is null, a dimension is not positive, or the shard shape is not
     *     a whole number of pages
     */
    public ShardSpecBuffer {
        BufferChecks.requireNonNull("tensorShardSpec", tensorShardSpec);
        BufferChecks.requirePositive("pageHeight", pageHeight);
        BufferChecks.requirePositive("pageWidth", pageWidth);
        BufferChecks.requirePositive("tensorHeightInPages", tensorHeightInPages);
        BufferChecks.requirePositive("tensorWidthInPages", tensorWidthInPages);
        if (tensorShardSpec.height() % pageHeight != 0 || tensorShardSpec.width() % pageWidth != 0) {
            throw new IllegalArgumentException("shard shape (" + tensorShardSpec.height() + ", "
                    + tensorShardSpec.width() + ") must be a whole number of pages of shape (" + pageHeight + ", "
                    + pageWidth + ")");
        }
    }

    /** {@return the shard height in pages} */
    public int shardHeightInPages() {
        return tensorShardSpec.height() / pageHeight;
    }

    /** {@return the shard width in pages} */
    public int shardWidthInPages() {
        return tensorShardSpec.width() / pageWidth;
    }

    /** {@return the pages of one shard ({@code ShardSpecBuffer::num_pages})} */
    public long numPages() {
        return (long) shardHeightInPages() * shardWidthInPages();
    }

    /** {@return the number of shard rows needed to cover the tensor, rounding up} */
    public int numShardRows() {
        return (tensorHeightInPages + shardHeightInPages() - 1) / shardHeightInPages();
    }

    /** {@return the number of shard columns needed to cover the tensor, rounding up} */
    public int numShardCols() {
        return (tensorWidthInPages + shardWidthInPages() - 1) / shardWidthInPages();
    }

    /** {@return the number of shards needed to cover the tensor} */
    public long numShards() {
        return (long) numShardRows() * numShardCols();
    }

    /** {@return the number of cores of the shard grid ({@code num_cores})} */
    public int numCores() {
        return tensorShardSpec.numCores();
    }
}
