package dev.custody.agent.tooling;

import dev.custody.agent.ledger.LedgerListener;
import dev.custody.agent.wire.ServerClient;
import java.nio.file.Path;

/**
 * Streams the ledger's events to the allocation server through {@link ServerClient}: physical devices only (a mesh's
 * memory arrives per physical device through its device-local aliases, so per-device totals are right and mesh id 0
 * never collides with device 0).
 */
final class ServerListener implements LedgerListener {
    private final ServerClient client;

    private ServerListener(ServerClient client) {
        this.client = client;
    }

    /**
     * Connects to the server; the client reconnects in the background and buffers while the server is away.
     *
     * @param socket the server's Unix socket
     * @param jvmName the name this JVM shows in the monitor
     * @param agentVersion the agent's version
     * @return the listener
     */
    static ServerListener connect(Path socket, String jvmName, String agentVersion) {
        return new ServerListener(ServerClient.connect(socket, jvmName, agentVersion));
    }

    @Override
    public void deviceOpened(int deviceId, boolean mesh, String arch, long dram, long l1, long l1Small, long trace) {
        if (!mesh) {
            client.deviceOpened(deviceId, false, arch, dram, l1, l1Small, trace);
        }
    }

    @Override
    public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
        client.allocated(objectId, deviceId, bufferType, address, size, site);
    }

    @Override
    public void freed(long objectId) {
        client.freed(objectId);
    }

    @Override
    public void finding(long objectId, String kind, String line) {
        client.finding(objectId, kind, line);
    }

    void close() {
        client.close();
    }
}
