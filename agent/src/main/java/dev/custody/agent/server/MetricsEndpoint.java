package dev.custody.agent.server;

import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.StatusReport;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;

/**
 * {@code /metrics} on the loopback interface, in Prometheus text format, through the Prometheus Java
 * client: usage and capacity per device and kind, usage per process, device and kind, and live buffers
 * and findings per process. Values are read from the registry at scrape time.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer http;

    private MetricsEndpoint(HTTPServer http) {
        this.http = http;
    }

    /**
     * Starts the endpoint on 127.0.0.1.
     *
     * @param port the TCP port, 0 for any free one
     */
    static MetricsEndpoint start(int port, Registry registry) throws IOException {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        prometheus.register(new Collector(registry));
        HTTPServer http = HTTPServer.builder()
                .inetAddress(InetAddress.getLoopbackAddress())
                .port(port)
                .registry(prometheus)
                .buildAndStart();
        return new MetricsEndpoint(http);
    }

    int port() {
        return http.getPort();
    }

    @Override
    public void close() {
        http.close();
    }

    /** Builds the snapshots from one consistent view of the registry. */
    static final class Collector implements MultiCollector {
        private final Registry registry;

        Collector(Registry registry) {
            this.registry = registry;
        }

        @Override
        public MetricSnapshots collect() {
            Registry.Snapshot snapshot = registry.snapshot();
            StatusReport s = snapshot.status();
            java.util.List<Registry.ProcessUsage> usage = snapshot.usage();
            GaugeSnapshot.Builder used = GaugeSnapshot.builder()
                    .name("custody_device_used_bytes")
                    .help("Device memory in use, by device and memory kind, summed over all client processes");
            GaugeSnapshot.Builder capacity = GaugeSnapshot.builder()
                    .name("custody_device_capacity_bytes")
                    .help("Device memory capacity from the device spec in the clients' handshakes");
            GaugeSnapshot.Builder buffers =
                    GaugeSnapshot.builder().name("custody_device_live_buffers").help("Live buffers per device");
            for (StatusReport.DeviceUsage d : s.devices()) {
                String dev = Integer.toString(d.spec().id());
                for (MemoryKind k : MemoryKind.values()) {
                    Labels l = Labels.of("device", dev, "kind", k.name());
                    used.dataPoint(point(l, d.used(k)));
                    capacity.dataPoint(point(l, k.capacityOn(d.spec())));
                }
                buffers.dataPoint(point(Labels.of("device", dev), d.buffers()));
            }
            GaugeSnapshot.Builder perProcess = GaugeSnapshot.builder()
                    .name("custody_process_used_bytes")
                    .help("Device memory in use by one client process, by device and memory kind");
            for (Registry.ProcessUsage u : usage) {
                perProcess.dataPoint(point(
                        Labels.of(
                                "pid", Long.toString(u.pid()),
                                "jvm", u.jvm(),
                                "device", Integer.toString(u.device()),
                                "kind", u.kind().name()),
                        u.bytes()));
            }
            GaugeSnapshot.Builder live = GaugeSnapshot.builder()
                    .name("custody_process_live_buffers")
                    .help("Live buffers held by one client process");
            GaugeSnapshot.Builder findings = GaugeSnapshot.builder()
                    .name("custody_process_findings")
                    .help("Ownership findings the agent of one client process reported");
            for (StatusReport.ClientUsage c : s.clients()) {
                Labels l = Labels.of("pid", Long.toString(c.pid()), "jvm", c.jvmName());
                live.dataPoint(point(l, c.buffers()));
                findings.dataPoint(point(l, c.findings()));
            }
            GaugeSnapshot active = GaugeSnapshot.builder()
                    .name("custody_active_allocations")
                    .help("Allocations the server tracks (the statistics block's Active allocations)")
                    .dataPoint(point(Labels.EMPTY, s.activeAllocations()))
                    .build();
            return MetricSnapshots.of(
                    used.build(),
                    capacity.build(),
                    buffers.build(),
                    perProcess.build(),
                    live.build(),
                    findings.build(),
                    active);
        }

        private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, long value) {
            // byte counts stay exact in a double up to 2^53 bytes (8 PiB)
            return GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value((double) value)
                    .build();
        }
    }
}
