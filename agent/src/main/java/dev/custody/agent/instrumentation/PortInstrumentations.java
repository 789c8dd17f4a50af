package dev.custody.agent.instrumentation;

import dev.custody.agent.instrumentation.allocator.AllocatorInstrumentation;
import dev.custody.agent.instrumentation.buffer.BufferInstrumentation;
import dev.custody.agent.instrumentation.device.DeviceInstrumentation;
import dev.custody.agent.instrumentation.device.ProgramCacheInstrumentation;
import dev.custody.agent.instrumentation.host.TtMetalInstrumentation;
import dev.custody.agent.instrumentation.mesh.MeshBufferInstrumentation;
import dev.custody.agent.instrumentation.mesh.MeshDeviceInstrumentation;
import dev.custody.agent.instrumentation.program.MeshWorkloadInstrumentation;
import dev.custody.agent.instrumentation.program.ProgramInstrumentation;
import dev.custody.agent.tooling.PortInstrumentation;
import java.util.List;

/**
 * Every port instrumentation, in the order they are installed, and the one {@code level=count} needs.
 *
 * <p>{@code level=count} counts allocations and frees and nothing else, so it instruments the allocator's two
 * critical sections only: every other advice would be code the JIT compiles into the application's methods (and
 * weighs when it decides what to inline) for events the counting sink ignores.
 */
public final class PortInstrumentations {
    private PortInstrumentations() {}

    /** Returns the instrumentations of all port types. */
    public static List<PortInstrumentation> all() {
        return List.of(
                new AllocatorInstrumentation(),
                new BufferInstrumentation(),
                new DeviceInstrumentation(),
                new ProgramCacheInstrumentation(),
                new MeshDeviceInstrumentation(),
                new MeshBufferInstrumentation(),
                new ProgramInstrumentation(),
                new MeshWorkloadInstrumentation(),
                new TtMetalInstrumentation());
    }

    /** Returns the instrumentations of {@code level=count}: the allocator's allocate and free events only. */
    public static List<PortInstrumentation> counting() {
        return List.of(AllocatorInstrumentation.eventsOnly());
    }
}
