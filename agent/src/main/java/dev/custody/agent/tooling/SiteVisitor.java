package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.Sites;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Instruments call sites in application classes: before each call to a tracked method it inserts
 * {@code Sites.enter(id)} with a constant id registered at transform time for
 * {@code Class.method(File.java:line)} ({@code Sites.enterRule(id)} before a rules-file method). One store into the
 * thread's context per tracked call; no stack walk.
 */
final class SiteVisitor extends AsmVisitorWrapper.AbstractBase {
    /*
     * Design. A ClassVisitor (not a method-level wrapper) because the site text needs the SourceFile attribute,
     * which arrives before the methods. The inserted code is "ldc id; invokestatic Sites.enter(I)V" right before
     * the call, so it needs one more stack slot at that point (visitMaxs adds it) and never changes the frames at
     * branch targets. Before an application call of Buffer.address() it also passes a copy of the receiver to
     * Sites.enterAddress, which runs the use-after-free check: the runtime's own address() calls (one per page of
     * every transfer) stay untouched. A class calling
     * itself (delegating constructors, overloads) keeps its caller's site.
     *
     * Rules-file calls set a slot their event empties. After a tracked call returns, Sites.leave() forgets its site:
     * an event that no instrumented call precedes (a call from the JDK or by reflection) reads "unknown" rather than
     * the site of an earlier, finished call, which would send the reader to the wrong line. A call that throws reaches
     * neither its leave() nor, for a rules-file constructor or factory, its exit advice; so every exception handler of
     * an application method begins with Sites.landed(), which forgets both sites: the exception landed, the call is
     * over. It goes after the handler's stack map frame (a call with no operands or result, so the frame stays true),
     * or right after the label in a class without frames. close() calls through any type (AutoCloseable, Closeable, an application
     * interface) get a site too, since the object closed may be the port's.
     *
     * A method reference to a tracked method has no call instruction in the class: MethodReferenceSites re-points it
     * at a bridge method added to the class (when the class may gain methods: not on a retransformation), or else
     * stores the site where the reference is created.
     */
    private static final String SITES = Sites.class.getName().replace('.', '/');

    /** Whether classes may gain bridge methods: false when classes already loaded are retransformed (an attach). */
    private final boolean bridges;

    SiteVisitor(boolean bridges) {
        this.bridges = bridges;
    }

    @Override
    public ClassVisitor wrap(
            TypeDescription instrumentedType,
            ClassVisitor classVisitor,
            Implementation.Context implementationContext,
            TypePool typePool,
            FieldList<FieldDescription.InDefinedShape> fields,
            MethodList<?> methods,
            int writerFlags,
            int readerFlags) {
        return new SiteClassVisitor(
                classVisitor, instrumentedType.getName(), instrumentedType.getInternalName(), bridges);
    }

    private static final class SiteClassVisitor extends ClassVisitor {
        private final String className;
        private final String internalName;
        private String source = "Unknown Source";
        private boolean frames = true;
        private boolean mayAddMethods;
        /** The bridges this class's method references need, added at its end. */
        private final List<Bridge> pending = new ArrayList<>();

        SiteClassVisitor(ClassVisitor next, String className, String internalName, boolean bridges) {
            super(OpenedClassReader.ASM_API, next);
            this.className = className;
            this.internalName = internalName;
            // A JDK class named by a rules file may be one loaded already, retransformed: it never gains methods.
            this.mayAddMethods = bridges && !CallSites.isJdk(internalName);
        }

        /** Returns the handle of a new bridge to {@code target} storing {@code site}, or null if none may be added. */
        Handle bridge(Handle target, int site) {
            if (!mayAddMethods) {
                return null;
            }
            String name = "custody$site$" + pending.size();
            pending.add(new Bridge(name, target, site));
            return new Handle(
                    Opcodes.H_INVOKESTATIC, internalName, name, MethodReferenceSites.bridgeDescriptor(target), false);
        }

        @Override
        public void visitEnd() {
            for (Bridge b : pending) {
                MethodReferenceSites.emitBridge(cv, b.name(), b.target(), b.site());
            }
            super.visitEnd();
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            // Stack map frames are required from class version 50 (Java 6) on; before, a handler has none.
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            // An interface's bridge would need a private interface method (Java 9 class files): not worth the case.
            mayAddMethods &= (access & Opcodes.ACC_INTERFACE) == 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String sourceFile, String debug) {
            if (sourceFile != null) {
                source = sourceFile;
            }
            super.visitSource(sourceFile, debug);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null
                    ? null
                    : new SiteMethodVisitor(next, className + "." + name, source, internalName, frames, this);
        }
    }

    private static final class SiteMethodVisitor extends MethodVisitor {
        private final String method;
        private final String source;
        private final String self;
        private final boolean frames;
        private final SiteClassVisitor owner;
        /** The handler labels of this method's try-catch blocks. */
        private Set<Label> handlers = Set.of();

        private int line = -1;
        private boolean inserted;
        private boolean handlerStarts;

        SiteMethodVisitor(
                MethodVisitor next, String method, String source, String self, boolean frames, SiteClassVisitor owner) {
            super(OpenedClassReader.ASM_API, next);
            this.method = method;
            this.source = source;
            this.self = self;
            this.frames = frames;
            this.owner = owner;
        }

        private String text() {
            return method + "(" + source + (line >= 0 ? ":" + line : "") + ")";
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Handle target = MethodReferenceSites.trackedTarget(bootstrap, arguments, self);
            if (target == null) {
                super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
                return;
            }
            int site = Sites.register(text());
            Handle bridge = MethodReferenceSites.bridgeable(bootstrap) ? owner.bridge(target, site) : null;
            if (bridge != null) {
                Object[] repointed = arguments.clone();
                repointed[1] = bridge;
                super.visitInvokeDynamicInsn(name, descriptor, bootstrap, repointed);
                return;
            }
            // No bridge: the site of the line that creates the reference.
            super.visitLdcInsn(site);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "enter", "(I)V", false);
            inserted = true;
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            // Try-catch blocks are visited before the labels they name.
            if (handlers.isEmpty()) {
                handlers = new HashSet<>();
            }
            handlers.add(handler);
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            if (handlers.contains(label)) {
                if (frames) {
                    handlerStarts = true;
                } else {
                    landed();
                }
            }
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            super.visitFrame(type, numLocal, local, numStack, stack);
            if (handlerStarts) {
                handlerStarts = false;
                landed();
            }
        }

        private void landed() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "landed", "()V", false);
        }

        @Override
        public void visitLineNumber(int lineNumber, Label start) {
            line = lineNumber;
            super.visitLineNumber(lineNumber, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            // A class calling itself (a delegating constructor, an overload) keeps its caller's site.
            if (!owner.equals(self)) {
                boolean port = CallSites.isPortCall(owner, name);
                boolean rule = !port && CallSites.isRuleCall(owner, name);
                // close() through an interface or a supertype (AutoCloseable, Closeable) may close a port object.
                boolean close = !port && !rule && CallSites.isCloseCall(name, descriptor);
                if (port || rule || close) {
                    String text = text();
                    if (port && CallSites.isAddressCall(owner, name, descriptor)) {
                        // The receiver is on top of the stack: hand a copy to the address check.
                        super.visitInsn(Opcodes.DUP);
                        super.visitLdcInsn(Sites.register(text));
                        super.visitMethodInsn(
                                Opcodes.INVOKESTATIC, SITES, "enterAddress", "(Ljava/lang/Object;I)V", false);
                    } else {
                        super.visitLdcInsn(Sites.register(text));
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, rule ? "enterRule" : "enter", "(I)V", false);
                    }
                    inserted = true;
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    if (!rule) {
                        // The call returned: later events without a call site of their own read "unknown", not this.
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "leave", "()V", false);
                    }
                    return;
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // The site id (and for address(), a copy of the receiver) goes on top of the call's arguments.
            super.visitMaxs(inserted ? maxStack + 2 : maxStack, maxLocals);
        }
    }

    /** A bridge method to add: its name, the method it calls, the site it stores. */
    private record Bridge(String name, Handle target, int site) {}
}
