package dev.custody.agent.tooling;

import dev.custody.agent.ledger.LedgerListener;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Streams the ledger's events to the allocation server through {@code dev.custody.agent.wire.ServerClient}
 * (written on the server branch). Bound by method handles so that this class compiles, and fails with a
 * clear message, while that class is absent.
 */
final class ServerListener implements LedgerListener {
    private static final String CLIENT = "dev.custody.agent.wire.ServerClient";

    private final Object client;
    private final MethodHandle deviceOpened;
    private final MethodHandle allocated;
    private final MethodHandle freed;
    private final MethodHandle finding;
    private final MethodHandle close;

    private ServerListener(Object client, Class<?> type) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        this.client = client;
        this.deviceOpened = lookup.findVirtual(
                type,
                "deviceOpened",
                MethodType.methodType(
                        void.class,
                        int.class,
                        boolean.class,
                        String.class,
                        long.class,
                        long.class,
                        long.class,
                        long.class));
        this.allocated = lookup.findVirtual(
                type,
                "allocated",
                MethodType.methodType(
                        void.class, long.class, int.class, int.class, long.class, long.class, String.class));
        this.freed = lookup.findVirtual(type, "freed", MethodType.methodType(void.class, long.class));
        this.finding = lookup.findVirtual(
                type, "finding", MethodType.methodType(void.class, long.class, String.class, String.class));
        this.close = lookup.findVirtual(type, "close", MethodType.methodType(void.class));
    }

    /**
     * Connects to the server.
     *
     * @param socket the server's Unix socket
     * @param jvmName the name this JVM shows in the monitor
     * @param agentVersion the agent's version
     * @return the listener
     * @throws IllegalStateException when the server client is not part of this agent build or cannot connect
     */
    static ServerListener connect(Path socket, String jvmName, String agentVersion) {
        Class<?> type;
        try {
            type = Class.forName(CLIENT, true, ServerListener.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("custody: server=unix:" + socket + " needs " + CLIENT
                    + ", which this agent build does not contain; build the agent with the server module or drop"
                    + " the server option");
        }
        try {
            MethodHandle connect = MethodHandles.publicLookup()
                    .findStatic(type, "connect", MethodType.methodType(type, Path.class, String.class, String.class));
            Object client = connect.invoke(socket, jvmName, agentVersion);
            return new ServerListener(client, type);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(
                    "custody: cannot stream to the allocation server at " + socket + ": " + e, e);
        }
    }

    @Override
    public void deviceOpened(int deviceId, boolean mesh, String arch, long dram, long l1, long l1Small, long trace) {
        call(() -> deviceOpened.invoke(client, deviceId, mesh, arch, dram, l1, l1Small, trace));
    }

    @Override
    public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
        call(() -> allocated.invoke(client, objectId, deviceId, bufferType, address, size, site));
    }

    @Override
    public void freed(long objectId) {
        call(() -> freed.invoke(client, objectId));
    }

    @Override
    public void finding(long objectId, String kind, String line) {
        call(() -> finding.invoke(client, objectId, kind, line));
    }

    void close() {
        call(() -> close.invoke(client));
    }

    private static void call(Call c) {
        try {
            c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("custody: allocation server client failed: " + e, e);
        }
    }

    private interface Call {
        void run() throws Throwable;
    }
}
