package dev.custody.agent.wire;

/**
 * The common 40-byte prefix of a validated legacy message (spec §6.2); the rest of a client's message
 * carries nothing a server reads.
 */
public record LegacyFrame(
        LegacyType type, int deviceId, long size, int bufferType, int processId, long bufferId, long timestamp) {}
