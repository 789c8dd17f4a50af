/**
 * The cross-process allocation server: the tt-metal tracking branch's {@code allocation_server_poc.cpp}
 * (spec §6.1–6.4) done right.
 *
 * <p>Upstream → Java: {@code AllocationServer} (main loop, {@code handle_client}) → {@link
 * dev.custody.agent.server.AllocationServer}, {@code NativeSession}, {@code LegacySession};
 * {@code allocations_}, {@code device_stats_}, {@code handle_allocation}, {@code handle_deallocation},
 * {@code print_stats}, {@code cleanup_dead_processes}, {@code handle_dump_remaining} → {@code Registry}
 * (with {@code NativeClient}, {@code LiveTable} and {@code Groups} per native client, {@code LegacyTable}
 * for legacy entries);
 * the output texts → {@code Lines} and {@code Reports}; {@code kill(pid, 0)} → {@code Liveness}.
 *
 * <p>What changed: native clients name objects by identity (not address), their pid is proven through
 * the socket ({@code PeerVerifier}), a disconnect cleans up at once, device capacities come from the
 * clients' handshakes, legacy frames are read fully and validated before anything is applied, and each
 * native client's state has its own lock instead of one lock for everything.
 */
package dev.custody.agent.server;
