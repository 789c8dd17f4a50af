package dev.custody.metal.mesh;

/** How a mesh buffer spreads over the mesh ({@code MeshBufferConfig = variant<Replicated, Sharded>}). */
public sealed interface MeshBufferConfig permits ReplicatedBufferConfig, ShardedBufferConfig {
    /** {@return the buffer's size as seen by the user: the replicated size, or the global size} */
    long size();

    /** {@return {@link MeshBufferLayout#REPLICATED} or {@link MeshBufferLayout#SHARDED}} */
    MeshBufferLayout layout();
}
