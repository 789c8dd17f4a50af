package dev.custody.agent.instrumentation.allocator;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inserts the allocator's allocate and free events into {@code Allocator.allocateBuffer} and {@code
 * deallocateBuffer}, inside their {@code synchronized (lock)} blocks: {@code Custody.allocatorAllocated(address,
 * this, type, alignedSize)} right after the bank manager returns the address, and {@code
 * Custody.allocatorFreeing(this, type, address)} right before the bank manager frees it.
 */
final class CriticalSectionEvents {
    /*
     * Design. Advice can only run before or after a whole method, so an allocator event from advice runs after the
     * runtime released the allocator's lock, and the ledger's write then had to take a lock of its own (a CAS on a
     * sequence lock). Delivered from inside the runtime's critical section, the ledger's write is serialized by the
     * allocator's lock (the constructor's advice names it to the ledger) without any lock operation of its own, and
     * the event is also ordered exactly with the runtime's own allocations.
     *
     * The inserted code has no branch, so it never changes the frames. After the bank manager's allocateBuffer the
     * address (a long) is on top of the stack: DUP2 keeps a copy for the runtime, then this, the type (local 1) and
     * the aligned size (locals 2-3) go on top of it. Before deallocateBuffer the manager and the address are on the
     * stack, left alone; this, the type and the address (locals 2-3) go on top. visitMaxs adds the slots. The
     * methods are matched by name and exact descriptor (so the parameters' locals are known), the calls by owner,
     * name and descriptor: a port whose allocator changed shape gets no inserted code (and the instrumentation
     * tests, which count the events, fail) rather than wrong code.
     */
    static final String ALLOCATOR = "dev/custody/metal/allocator/Allocator";

    static final String BANK_MANAGER = "dev/custody/metal/allocator/BankManager";
    static final String ALLOCATE = "allocateBuffer";
    static final String ALLOCATE_DESCRIPTOR = "(Ldev/custody/metal/buffer/BufferType;JJZI)J";
    static final String BANK_ALLOCATE_DESCRIPTOR = "(JJZLdev/custody/metal/device/CoreRangeSet;I)J";
    static final String DEALLOCATE = "deallocateBuffer";
    static final String DEALLOCATE_DESCRIPTOR = "(Ldev/custody/metal/buffer/BufferType;J)V";
    static final String BANK_DEALLOCATE_DESCRIPTOR = "(J)V";

    private static final String CUSTODY = Type.getInternalName(Custody.class);

    private CriticalSectionEvents() {}

    /** Returns the wrapper that inserts both events into the allocator's two methods. */
    static AsmVisitorWrapper wrapper() {
        return new AsmVisitorWrapper.ForDeclaredMethods()
                .method(named(ALLOCATE).and(hasDescriptor(ALLOCATE_DESCRIPTOR)), new Inserter(true))
                .method(named(DEALLOCATE).and(hasDescriptor(DEALLOCATE_DESCRIPTOR)), new Inserter(false));
    }

    private static final class Inserter implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
        private final boolean allocate;

        Inserter(boolean allocate) {
            this.allocate = allocate;
        }

        @Override
        public MethodVisitor wrap(
                TypeDescription instrumentedType,
                MethodDescription instrumentedMethod,
                MethodVisitor methodVisitor,
                Implementation.Context implementationContext,
                TypePool typePool,
                int writerFlags,
                int readerFlags) {
            return new EventVisitor(methodVisitor, allocate);
        }
    }

    /**
     * In allocateBuffer, after the bank manager's allocateBuffer: {@code Custody.allocatorAllocated(address, this,
     * type, size)}; in deallocateBuffer, before the bank manager's deallocateBuffer: {@code
     * Custody.allocatorFreeing(this, type, address)}.
     */
    static final class EventVisitor extends MethodVisitor {
        private final boolean allocate;
        private boolean inserted;

        EventVisitor(MethodVisitor next, boolean allocate) {
            super(OpenedClassReader.ASM_API, next);
            this.allocate = allocate;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean bankCall = opcode == Opcodes.INVOKEVIRTUAL
                    && owner.equals(BANK_MANAGER)
                    && (allocate
                            ? name.equals(ALLOCATE) && descriptor.equals(BANK_ALLOCATE_DESCRIPTOR)
                            : name.equals(DEALLOCATE) && descriptor.equals(BANK_DEALLOCATE_DESCRIPTOR));
            if (bankCall && !allocate) {
                // The manager and the address stay on the stack for the call; this, the type and the address go on top.
                callCustody("allocatorFreeing", "(Ljava/lang/Object;Ljava/lang/Enum;J)V");
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (bankCall && allocate) {
                // The address is on top: a copy for the event, then this, the type and the aligned size.
                super.visitInsn(Opcodes.DUP2);
                callCustody("allocatorAllocated", "(JLjava/lang/Object;Ljava/lang/Enum;J)V");
            }
        }

        /** Pushes this, the type (local 1) and the long in locals 2-3, and calls {@code Custody.method}. */
        private void callCustody(String method, String descriptor) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitVarInsn(Opcodes.LLOAD, 2);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CUSTODY, method, descriptor, false);
            inserted = true;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // Allocate: the copied address (2), this (1), the type (1), the size (2). Free: this, the type, the
            // address.
            super.visitMaxs(inserted ? maxStack + (allocate ? 6 : 4) : maxStack, maxLocals);
        }
    }
}
