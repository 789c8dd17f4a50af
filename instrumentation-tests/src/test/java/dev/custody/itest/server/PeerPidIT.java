package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.FrameReader;
import dev.custody.agent.wire.FrameWriter;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.Protocol;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server proves the pid in a handshake against the socket's real holder and refuses a false claim. */
class PeerPidIT {
    private static final Path SOCKET = ServerFork.socketPath("pid");
    private static Fork server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerFork.start("pid-server", SOCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.terminate();
        ServerFork.deleteQuietly(SOCKET);
    }

    /** Sends a HELLO claiming {@code pid} from a socket bound to a path (or unbound) and returns the reply. */
    private static FrameReader.Frame handshake(long pid, boolean bind) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            if (bind) {
                Path self = Path.of("/tmp", "cit-peer-" + System.nanoTime() + ".sock");
                ch.bind(UnixDomainSocketAddress.of(self));
                Files.delete(self);
            }
            ch.connect(UnixDomainSocketAddress.of(SOCKET));
            FrameWriter.writeFully(ch, new Hello(Protocol.VERSION, pid, "spoof-it", "it", List.of()).toFrame());
            return new FrameReader(ch).next();
        }
    }

    @Test
    void handshakeClaimingAnotherProcessesPid_isRefused() throws Exception {
        long other = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);

        FrameReader.Frame reply = handshake(other, true);

        assertThat(reply.type()).isEqualTo(Protocol.REFUSED);
        assertThat(reply.input().str())
                .contains(
                        "the handshake claims pid " + other + ", but that process does not hold the connecting socket");
        server.awaitErrLine(
                l -> l.startsWith("✗ Refused client \"spoof-it\": the handshake claims pid " + other),
                2_000,
                "the refusal line");
    }

    @Test
    void handshakeClaimingAPidThatDoesNotExist_isRefused() throws Exception {
        long none = 4_194_000L + ProcessHandle.current().pid() % 100; // above Linux's default pid_max

        FrameReader.Frame reply = handshake(none, true);

        assertThat(reply.type()).isEqualTo(Protocol.REFUSED);
        assertThat(reply.input().str()).contains("claims pid " + none + ", but no such process exists");
    }

    @Test
    void handshakeFromAnUnnamedSocket_isRefusedBecauseItCannotBeProven() throws Exception {
        FrameReader.Frame reply = handshake(ProcessHandle.current().pid(), false);

        assertThat(reply.type()).isEqualTo(Protocol.REFUSED);
        assertThat(reply.input().str()).contains("the client socket is unnamed");
    }

    @Test
    void handshakeClaimingItsOwnPid_isWelcomed() throws Exception {
        FrameReader.Frame reply = handshake(ProcessHandle.current().pid(), true);

        assertThat(reply.type()).isEqualTo(Protocol.WELCOME);
    }
}
