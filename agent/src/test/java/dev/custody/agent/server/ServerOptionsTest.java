package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.Protocol;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
    @Test
    void defaults_areTheShortPerUserSocket_statsEveryTenSeconds_noHttp() {
        ServerOptions o = ServerOptions.parse();

        assertThat(o.socket()).isEqualTo(Protocol.defaultSocketPath());
        assertThat(o.socket().toString()).startsWith("/tmp/custody-").endsWith(".sock");
        assertThat(o.statsSeconds()).isEqualTo(10);
        assertThat(o.httpPort()).isEqualTo(-1);
        assertThat(o.legacySocket()).isNull();
    }

    @Test
    void everyOption_isParsed() {
        ServerOptions o = ServerOptions.parse(
                "--socket",
                "/tmp/a.sock",
                "--legacy-socket",
                "/tmp/b.sock",
                "--legacy-frame",
                "112",
                "--http",
                "9400",
                "--quiet",
                "--stats-interval",
                "0");

        assertThat(o)
                .isEqualTo(new ServerOptions(
                        Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"), LegacyGeneration.B, 9400, true, 0, false));
    }

    @Test
    void badArguments_nameTheOptionAndTheRule() {
        assertThatThrownBy(() -> ServerOptions.parse("--bogus"))
                .hasMessage("unknown option '--bogus'; run `custody server --help` for the options");
        assertThatThrownBy(() -> ServerOptions.parse("--http", "70000"))
                .hasMessage("--http 70000 must be a whole number in 0..65535");
        assertThatThrownBy(() -> ServerOptions.parse("--legacy-frame", "72"))
                .hasMessageStartingWith("--legacy-frame 72 must be a whole number in 112..144");
        assertThatThrownBy(() -> ServerOptions.parse("--legacy-frame", "128"))
                .hasMessageStartingWith("legacy frame size 128 is not supported");
        assertThatThrownBy(() -> ServerOptions.parse("--socket")).hasMessageStartingWith("--socket needs a value");
        assertThatThrownBy(() -> ServerOptions.parse("--socket", "/tmp/" + "x".repeat(120)))
                .hasMessageContaining("Unix socket paths must be at most 107 bytes");
        assertThatThrownBy(() -> ServerOptions.parse("--socket", "/tmp/s", "--legacy-socket", "/tmp/s"))
                .hasMessageContaining("is the same path as --socket");
    }
}
