package dev.custody.agent.instrumentation.program;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.program.CircularBuffer;
import dev.custody.metal.program.Program;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code Program}: {@code addBuffer}, {@code releaseBuffers} and {@code close} (the pool),
 * {@code allocateCircularBuffers} and {@code validateCircularBufferRegion} (a thrown clash is a finding).
 */
public final class ProgramInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.program.Program";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = ProgramInstrumentation.class.getName();
        return advice.advice(named("addBuffer"), prefix + "$AddBufferAdvice")
                .advice(named("releaseBuffers"), prefix + "$ReleaseBuffersAdvice")
                .advice(named("close"), prefix + "$CloseAdvice")
                .advice(named("allocateCircularBuffers"), prefix + "$AllocateCircularBuffersAdvice")
                .advice(named("validateCircularBufferRegion"), prefix + "$ValidateCircularBufferRegionAdvice")
                .advice(named("allocateKernelBinBufOnDevice"), prefix + "$KernelBinariesAdvice");
    }

    /** A buffer joined the pool. */
    public static final class AddBufferAdvice {
        private AddBufferAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Program self, @Advice.Argument(0) Buffer buffer) {
            if (!Custody.tracking() || buffer.allocationStatus() == AllocationStatus.ALLOCATION_REQUESTED) {
                return;
            }
            Buffer root = buffer.rootBuffer();
            Custody.programBufferAdded(self.id(), buffer.uniqueId(), root.uniqueId(), root.allocator(), root.address());
        }
    }

    /** The pool is given back. */
    public static final class ReleaseBuffersAdvice {
        private ReleaseBuffersAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Program self) {
            Custody.programBuffersReleased(self.id());
        }
    }

    /** The program is destroyed. */
    public static final class CloseAdvice {
        private CloseAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Program self) {
            if (!self.isClosed()) {
                Custody.programClosed(self.id());
            }
        }
    }

    /** The static CB region was placed on a device. */
    public static final class AllocateCircularBuffersAdvice {
        private AllocateCircularBuffersAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Program self, @Advice.Argument(0) IDevice device) {
            if (!Custody.tracking()) {
                return;
            }
            List<CircularBuffer> cbs = self.circularBuffers();
            int n = 0;
            for (CircularBuffer cb : cbs) {
                if (!cb.globallyAllocated() && cb.isAllocated()) {
                    n++;
                }
            }
            long[] addresses = new long[n];
            long[] sizes = new long[n];
            int i = 0;
            for (CircularBuffer cb : cbs) {
                if (!cb.globallyAllocated() && cb.isAllocated()) {
                    addresses[i] = cb.address();
                    sizes[i] = cb.size();
                    i++;
                }
            }
            Custody.circularBuffersAllocated(
                    self.id(), device.allocator(), device.id(), device instanceof MeshDevice, addresses, sizes);
        }
    }

    /** Kernel binaries of a single-device program: its binary buffer is kernel-binary memory. */
    public static final class KernelBinariesAdvice {
        private KernelBinariesAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Custody.kernelBinaries(true);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit() {
            Custody.kernelBinaries(false);
        }
    }

    /** The CB region failed validation: a clash with L1 buffers, or beyond L1. */
    public static final class ValidateCircularBufferRegionAdvice {
        private ValidateCircularBufferRegionAdvice() {}

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.This Program self, @Advice.Argument(0) IDevice device, @Advice.Thrown Throwable thrown) {
            if (thrown != null && device != null) {
                Custody.circularBufferRegionInvalid(
                        self.id(), device.allocator(), device.id(), device instanceof MeshDevice, thrown);
            }
        }
    }
}
