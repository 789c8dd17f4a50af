package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.StatusReport;
import dev.custody.itest.Jvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application under the agent with {@code server=unix:PATH}: the server sees a mesh buffer once per physical
 * device (through its device-local aliases) and a plain buffer on its device, and nothing once they are freed.
 */
class AgentServerIT {
    private static final long MIB = 1 << 20;

    @Test
    void meshBufferReportedPerPhysicalDevice_plainBufferOnItsDevice_zeroAfterRelease() throws Exception {
        Path socket = ServerFork.socketPath("agent");
        try (Fork server = ServerFork.start("agent-server", socket)) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Jvm.java());
            String unsafe = Jvm.unsafeFlag();
            if (!unsafe.isBlank()) {
                cmd.add(unsafe);
            }
            cmd.add("-javaagent:" + Fork.required("custody.agent.jar") + "=strict=true,server=unix:" + socket);
            cmd.add("-cp");
            cmd.add(Fork.required("custody.test.classes") + File.pathSeparator + Fork.required("custody.port.jar"));
            cmd.add("dev.custody.itest.scenario.Scenario");
            cmd.add("hold");
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("HOLDING");

            StatusReport held = Await.status(socket, 10_000, s -> s.activeAllocations() == 9);
            for (StatusReport.DeviceUsage d : held.devices()) {
                long l1 = d.spec().id() == 0 ? 8192 : 0;
                assertThat(d.used(MemoryKind.DRAM))
                        .as("DRAM of device %d", d.spec().id())
                        .isEqualTo(4 * MIB);
                assertThat(d.used(MemoryKind.L1))
                        .as("L1 of device %d", d.spec().id())
                        .isEqualTo(l1);
            }
            assertThat(held.devices()).extracting(d -> d.spec().id()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);

            try (OutputStream in = app.getOutputStream()) {
                in.write("release\n".getBytes(StandardCharsets.UTF_8));
            }
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            assertThat(app.waitFor()).as(rest.toString()).isZero();
            assertThat(rest).contains("done hold").contains("SUMMARY: custody: no findings");
            Await.status(socket, 10_000, s -> s.activeAllocations() == 0);
        }
    }
}
