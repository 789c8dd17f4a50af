package dev.custody.agent.instrumentation.buffer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.bootstrap.ThreadContext;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.MeshDevice;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code Buffer}: {@code allocateImpl} (an owning buffer claims its block), {@code createAt} (an at-address alias),
 * {@code deallocate} outside the destructor (an explicit free: double free, free through an alias),
 * {@code close} (which runs the destructor, whose frees are not explicit) and {@code markAsDeallocated}. Application calls of
 * {@code address()} are checked at their call sites ({@link AddressCheck}).
 */
// BufferType and AllocationStatus ordinals are the values the events carry (BufferType.ordinal() is the wire value).
@SuppressWarnings("EnumOrdinal")
public final class BufferInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.buffer.Buffer";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = BufferInstrumentation.class.getName();
        return advice.advice(named("allocateImpl"), prefix + "$AllocateImplAdvice")
                .advice(named("createAt").and(takesArguments(7)), prefix + "$CreateAtAdvice")
                .advice(named("deallocate"), prefix + "$DeallocateAdvice")
                .advice(named("close").and(takesArguments(0)), prefix + "$CloseAdvice")
                .advice(named("markAsDeallocated"), prefix + "$MarkAsDeallocatedAdvice");
    }

    /** An owning buffer asks for its block (enter), and received it (exit). */
    public static final class AllocateImplAdvice {
        private AllocateImplAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Buffer self) {
            if (Custody.tracking()) {
                IDevice d = self.device();
                Custody.bufferAllocating(self.uniqueId(), self.size(), d.id(), d instanceof MeshDevice);
            }
        }

        // Skipped when the sink recorded the allocation from the announcement and the allocator's event already.
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Buffer self) {
            if (!Custody.tracking() || ThreadContext.takeRecorded(self.uniqueId())) {
                return;
            }
            IDevice d = self.device();
            Custody.bufferAllocated(
                    self.uniqueId(),
                    self.allocator(),
                    d.id(),
                    d instanceof MeshDevice,
                    self.bufferType().ordinal(),
                    self.address(),
                    self.size());
        }
    }

    /** A non-owning buffer at an address: an alias of whatever block lives there. */
    public static final class CreateAtAdvice {
        private CreateAtAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(1) long address, @Advice.Return Buffer created) {
            if (!Custody.tracking()) {
                return;
            }
            IDevice d = created.device();
            Custody.aliasCreated(
                    created.uniqueId(),
                    created.allocator(),
                    d.id(),
                    d instanceof MeshDevice,
                    created.bufferType().ordinal(),
                    address,
                    created.size());
        }
    }

    /**
     * {@code deallocate()}: called by the application (explicit), or by the destructor once the device is closed
     * (memory released after its device closed).
     */
    public static final class DeallocateAdvice {
        private DeallocateAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.This Buffer self,
                @Advice.FieldValue("references") int references,
                @Advice.FieldValue("allocationStatus") AllocationStatus status) {
            if (!Custody.tracking()) {
                return;
            }
            IDevice d = self.device();
            boolean open = d.isInitialized();
            // An owning buffer freeing its live memory on an open device: the allocator's free that follows is the
            // whole event (the common case, skipped without a look at the destructor depth).
            if (open && status == AllocationStatus.ALLOCATED && self.ownsData()) {
                return;
            }
            // The destructor runs once the last reference is gone: a buffer still referenced is freed explicitly,
            // and only a buffer without references needs the thread's destructor depth to tell.
            boolean explicit = references > 0 || !Sites.inDestructor();
            if (!explicit && open) {
                return;
            }
            Custody.freeRequested(
                    explicit,
                    self.uniqueId(),
                    self.rootBuffer().uniqueId(),
                    self.ownsData(),
                    status.ordinal(),
                    self.allocator(),
                    d.id(),
                    d instanceof MeshDevice,
                    self.bufferType().ordinal(),
                    status == AllocationStatus.ALLOCATION_REQUESTED ? 0 : self.address(),
                    self.size());
        }
    }

    /**
     * {@code close()}, which runs the destructor when it drops the last reference: frees inside it are the last
     * reference's, not an explicit free. The whole of close() counts as the destructor (nothing else in it frees),
     * rather than destroy() alone: advice code between close()'s synchronized block and destroy()'s synchronized
     * calls on the same buffer kept the JIT from merging those lock operations, which cost more than the rest of
     * the advice on a buffer's lifecycle; at close()'s entry and exit it sits outside them.
     */
    public static final class CloseAdvice {
        private CloseAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static ThreadContext enter() {
            return Custody.tracking() ? Sites.enterDestructor() : null;
        }

        // The context from enter saves a second lookup; null when not tracking or if enter failed (then the depth
        // was not raised, so it must not be lowered either).
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter ThreadContext context) {
            if (context != null) {
                Sites.exitDestructor(context);
            }
        }
    }

    /** Status-only transition: memory still live becomes unfreeable. */
    public static final class MarkAsDeallocatedAdvice {
        private MarkAsDeallocatedAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Buffer self) {
            if (!Custody.tracking()) {
                return;
            }
            AllocationStatus status = self.allocationStatus();
            if (status == AllocationStatus.ALLOCATED && self.ownsData()) {
                Custody.markedDeallocated(self.uniqueId(), true, status.ordinal(), self.allocator(), self.address());
            }
        }
    }
}
