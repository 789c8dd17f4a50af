package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc matching, on a /proc-shaped directory tree. */
class PeerVerifierTest {
    @TempDir
    Path proc;

    private void procWith(String socketName, String inode, long pid, String... fdTargets) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(
                proc.resolve("net/unix"),
                "Num       RefCount Protocol Flags    Type St Inode Path\n"
                        + "0000000000000000: 00000002 00000000 00010000 0001 01 111 /tmp/server.sock\n"
                        + "0000000000000000: 00000003 00000000 00000000 0001 03 " + inode + " " + socketName + "\n"
                        + "0000000000000000: 00000003 00000000 00000000 0001 03 999\n");
        Path fds = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("fd"));
        int n = 0;
        for (String t : fdTargets) {
            Files.createSymbolicLink(fds.resolve(Integer.toString(n++)), Path.of(t));
        }
    }

    @Test
    void pidHoldingTheNamedSocket_isVerified() throws IOException {
        procWith("/tmp/custody-c1-1.sock", "4242", 77, "/dev/null", "socket:[5]", "socket:[4242]");

        assertThat(new PeerVerifier(proc).verifyNamed("/tmp/custody-c1-1.sock", 77))
                .isEmpty();
    }

    @Test
    void pidNotHoldingIt_isRefused_namingTheClaimAndTheSocket() throws IOException {
        procWith("/tmp/custody-c1-1.sock", "4242", 77, "socket:[5]");

        assertThat(new PeerVerifier(proc).verifyNamed("/tmp/custody-c1-1.sock", 77))
                .hasValue("the handshake claims pid 77, but that process does not hold the connecting socket"
                        + " /tmp/custody-c1-1.sock (inode 4242)");
    }

    @Test
    void absentPid_orUnknownSocket_areRefused() throws IOException {
        procWith("/tmp/custody-c1-1.sock", "4242", 77, "socket:[4242]");

        assertThat(new PeerVerifier(proc).verifyNamed("/tmp/custody-c1-1.sock", 78))
                .hasValue("the handshake claims pid 78, but no such process exists");
        assertThat(new PeerVerifier(proc).verifyNamed("/tmp/other.sock", 77))
                .hasValueSatisfying(r -> assertThat(r).startsWith("no socket named /tmp/other.sock"));
    }
}
