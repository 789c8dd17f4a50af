/**
 * The views of the allocation server: {@code top} (the branch's {@code allocation_monitor_client.cpp},
 * spec §6.5) and {@code dump} (its DUMP_REMAINING, with owner pid and allocation site).
 *
 * <p>Both ask the server with a QUERY frame of the native protocol on the server's socket. Upstream →
 * Java: {@code allocation_monitor_client.cpp} → {@link dev.custody.agent.monitor.TopMain} and {@code
 * TopScreen}; {@code format_bytes} → {@code Bytes}; {@code handle_dump_remaining} → {@link
 * dev.custody.agent.monitor.DumpMain} and {@code DumpView}.
 */
package dev.custody.agent.monitor;
