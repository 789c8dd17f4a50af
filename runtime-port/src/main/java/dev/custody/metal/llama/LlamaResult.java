package dev.custody.metal.llama;

import dev.custody.metal.mesh.MeshDevice;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a llama run did.
 *
 * @param exitStatus 0 when the decode loop completed, 1 when a TT-Metal error ended it
 * @param tokens the decoded tokens, the prompt token first; deterministic for a seed
 * @param checksum FNV-1a over every step's final activations and token; deterministic for a seed
 * @param buffersCreated buffers, views and mesh buffers the job created
 * @param peaks peak allocated bytes per bank, mesh first, then each device
 * @param allocatedAtClose bytes per bank still allocated over all allocators just before the mesh was closed at the
 *     end; empty if the mesh was already closed ({@code mesh-closed-first})
 * @param observations one line per injected bug describing what it did
 * @param error the message of the error that ended the run, or null
 * @param mesh the mesh the run used (closed when the run returns)
 * @param wallNanos wall time of the run
 */
public record LlamaResult(
        int exitStatus,
        List<Integer> tokens,
        long checksum,
        long buffersCreated,
        List<MemoryPeak> peaks,
        OptionalLong allocatedAtClose,
        List<String> observations,
        String error,
        MeshDevice mesh,
        long wallNanos) {
    /** Copies the lists. */
    public LlamaResult {
        tokens = List.copyOf(tokens);
        peaks = List.copyOf(peaks);
        observations = List.copyOf(observations);
    }
}
