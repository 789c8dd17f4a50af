package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's Unix socket: owner-only, never two servers on one path, and clear errors when it cannot be made. */
class BindOwnerOnlyTest {
    @TempDir
    Path dir;

    @Test
    void bind_socketAcceptsAndIsOwnerOnly() throws IOException {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel l = AllocationServer.bindOwnerOnly(path);
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertThat(c.isConnected()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                    .isEqualTo("rw-------");
            try (SocketChannel accepted = l.accept()) {
                assertThat(accepted).isNotNull();
            }
        }
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("s.sock"));
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".cs"));
    }

    @Test
    void bind_liveServerOnThePath_refused() throws IOException {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel first = AllocationServer.bindOwnerOnly(path)) {
            assertThatThrownBy(() -> AllocationServer.bindOwnerOnly(path))
                    .isInstanceOf(IOException.class)
                    .hasMessage("another server is already listening on " + path
                            + "; stop it, or pass --socket with another path");
        }
    }

    @Test
    void bind_staleSocketFileOfAKilledServer_replaced() throws IOException {
        Path path = dir.resolve("s.sock");
        AllocationServer.bindOwnerOnly(path).close(); // closing the channel leaves the file, as kill -9 does
        assertThat(path).exists();

        try (ServerSocketChannel again = AllocationServer.bindOwnerOnly(path);
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void bind_directoryMissing_namedWithWhatToDo() {
        Path path = dir.resolve("no-such-dir").resolve("s.sock");

        assertThatThrownBy(() -> AllocationServer.bindOwnerOnly(path))
                .isInstanceOf(IOException.class)
                .hasMessage("the directory of the socket " + path + " does not exist (" + dir.resolve("no-such-dir")
                        + "); create it, or give a socket path in an existing directory");
    }

    @Test
    void bind_directoryWhereNothingCanBeMade_namesTheSocketNotTheTemporaryDirectory() {
        // Nobody, root included, can make a directory in /proc: the first step of the bind fails there.
        Path path = Path.of("/proc", "custody-test.sock");

        assertThatThrownBy(() -> AllocationServer.bindOwnerOnly(path))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot make the socket " + path + " (java.nio.file.")
                .hasMessageEndingWith("); give a socket path in a directory you can write to");
    }
}
