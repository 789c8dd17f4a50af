/**
 * The byte formats between agents, the allocation server and its views.
 *
 * <p>The native protocol (docs/protocol.md): a versioned handshake ({@link Hello}), then length-prefixed
 * frames whose EVENTS frames batch many records that name objects by identity, not by address. {@link
 * ServerClient} is the agent's side: callers encode events into a lock-free ring ({@code EventRing}) and a
 * flusher thread writes them in batches, reconnecting and resending the live set after a server restart.
 *
 * <p>The legacy protocol is the tt-metal tracking branch's fixed-size message ({@code AllocMessage} in
 * {@code allocation_server_poc.cpp} and {@code allocation_client.cpp}): {@link LegacyCodec} reads and
 * strictly validates its 112-byte (gen B) and 144-byte (gen C) frames.
 */
package dev.custody.agent.wire;
