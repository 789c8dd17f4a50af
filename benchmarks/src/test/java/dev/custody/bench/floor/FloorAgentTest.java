package dev.custody.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorAgentTest {
    @Test
    void socket_nothing_meansTheTransformerAlone() {
        assertThat(FloorAgent.socket(null)).isNull();
        assertThat(FloorAgent.socket("")).isNull();
    }

    @Test
    void socket_unixPath_isThePath() {
        assertThat(FloorAgent.socket("unix:/tmp/s.sock")).isEqualTo(Path.of("/tmp/s.sock"));
    }

    @Test
    void socket_anythingElse_isRejectedNamingIt() {
        assertThatThrownBy(() -> FloorAgent.socket("unix:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'unix:'")
                .hasMessageContaining("unix:PATH");
        assertThatThrownBy(() -> FloorAgent.socket("tcp:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tcp:1'");
    }

    @Test
    void connect_reachesTheServerListeningThere(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("floor.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            FloorAgent.connect(path);
            try (SocketChannel accepted = server.accept()) {
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }

    @Test
    void connect_withoutAServer_throws(@TempDir Path dir) {
        assertThatThrownBy(() -> FloorAgent.connect(dir.resolve("absent.sock"))).isInstanceOf(IOException.class);
    }
}
