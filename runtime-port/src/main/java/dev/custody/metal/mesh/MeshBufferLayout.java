package dev.custody.metal.mesh;

/** The two kinds of mesh buffer configuration ({@code MeshBufferLayout}). */
public enum MeshBufferLayout {
    /** Every device holds the whole buffer. */
    REPLICATED,
    /** Every device holds one shard of a 2-D global buffer. */
    SHARDED
}
