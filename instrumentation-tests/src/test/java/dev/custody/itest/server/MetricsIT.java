package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.ServerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --http PORT}: /metrics on loopback, in Prometheus text format, with per-device and per-process series. */
class MetricsIT {
    @Test
    void metrics_parseAsPrometheusText_andCarryDeviceAndProcessUsage() throws Exception {
        Path socket = ServerFork.socketPath("metrics");
        String me = Long.toString(ProcessHandle.current().pid());
        try (Fork server = ServerFork.start("metrics-server", socket, "--http", "0");
                ServerClient client = ServerClient.connect(socket, "metrics-it", "it")) {
            String line =
                    server.awaitLine(l -> l.startsWith("   Metrics on: http://127.0.0.1:"), 5_000, "the metrics URL");
            String url = line.substring("   Metrics on: ".length());
            client.deviceOpened(7, false, "wormhole_b0", 12L << 30, 95_944_704L, 0, 0);
            client.allocated(1, 7, 0, 0x1000, 2048, "MetricsIT:1");
            client.allocated(2, 7, 0, 0x2000, 4096, "MetricsIT:2");
            client.allocated(3, 7, 1, 0x3000, 1024, "MetricsIT:3");
            Await.status(socket, 5_000, s -> s.activeAllocations() == 3);

            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
            PrometheusText text = PrometheusText.parse(r.body());
            assertThat(text.value("custody_device_used_bytes", Map.of("device", "7", "kind", "DRAM")))
                    .isEqualTo(6144);
            assertThat(text.value("custody_device_used_bytes", Map.of("device", "7", "kind", "L1")))
                    .isEqualTo(1024);
            assertThat(text.value("custody_device_capacity_bytes", Map.of("device", "7", "kind", "DRAM")))
                    .isEqualTo(12L << 30);
            assertThat(text.value("custody_device_capacity_bytes", Map.of("device", "7", "kind", "L1")))
                    .isEqualTo(95_944_704L);
            assertThat(text.value(
                            "custody_process_used_bytes",
                            Map.of("pid", me, "jvm", "metrics-it", "device", "7", "kind", "DRAM")))
                    .isEqualTo(6144);
            assertThat(text.value("custody_process_live_buffers", Map.of("pid", me, "jvm", "metrics-it")))
                    .isEqualTo(3);
            assertThat(text.value("custody_active_allocations", Map.of())).isEqualTo(3);
            assertThat(text.type("custody_device_used_bytes")).isEqualTo("gauge");
        } finally {
            ServerFork.deleteQuietly(socket);
        }
    }
}
