package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.Sites;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Call sites for method references to tracked methods ({@code buffers.forEach(TtMetal::deallocateBuffer)}).
 *
 * <p>javac compiles a method reference into an {@code invokedynamic} whose implementation is the referenced method
 * itself: the application's class holds no call instruction to instrument, and the call happens inside a hidden class
 * the JVM spins, which no agent may transform. Without help such a call would carry whatever site the thread's slot
 * held last: another line's. So the call-site visitor points the reference at a bridge it adds to the class, a private
 * static synthetic method that stores the site of the line where the reference is written and calls the referenced
 * method, as javac itself does for a lambda. A class being retransformed cannot gain methods (a dynamic attach); there,
 * and for serializable references (whose deserialization checks the implementation's name) and interfaces, the site is
 * stored where the reference is created, right for the common {@code forEach(Type::method)} and the best available
 * otherwise.
 */
final class MethodReferenceSites {
    private static final String SITES = Sites.class.getName().replace('.', '/');
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private MethodReferenceSites() {}

    /**
     * Returns the tracked method a method reference names, or null: {@code bootstrap} and {@code arguments} are an
     * {@code invokedynamic}'s, and the implementation handle is a call of a tracked method outside {@code self}.
     */
    static Handle trackedTarget(Handle bootstrap, Object[] arguments, String self) {
        if (!bootstrap.getOwner().equals(METAFACTORY) || arguments.length < 3 || !(arguments[1] instanceof Handle h)) {
            return null;
        }
        if (h.getOwner().equals(self) || !CallSites.isPortCall(h.getOwner(), h.getName())) {
            return null;
        }
        int tag = h.getTag();
        boolean call = tag == Opcodes.H_INVOKESTATIC
                || tag == Opcodes.H_INVOKEVIRTUAL
                || tag == Opcodes.H_INVOKEINTERFACE
                || tag == Opcodes.H_NEWINVOKESPECIAL;
        return call ? h : null;
    }

    /** Whether the reference may be re-pointed at a bridge: the plain metafactory, not the serializable one. */
    static boolean bridgeable(Handle bootstrap) {
        return bootstrap.getName().equals("metafactory");
    }

    /** The descriptor of a bridge for {@code target}: the receiver first for an instance method. */
    static String bridgeDescriptor(Handle target) {
        return switch (target.getTag()) {
            case Opcodes.H_INVOKESTATIC -> target.getDesc();
            case Opcodes.H_NEWINVOKESPECIAL ->
                target.getDesc().substring(0, target.getDesc().indexOf(')') + 1) + "L" + target.getOwner() + ";";
            default -> "(L" + target.getOwner() + ";" + target.getDesc().substring(1);
        };
    }

    /**
     * Adds the bridge method to the class: store the site, call {@code target} with the bridge's arguments, forget
     * the site, return the call's result.
     */
    static void emitBridge(ClassVisitor cv, String name, Handle target, int site) {
        String descriptor = bridgeDescriptor(target);
        MethodVisitor mv = cv.visitMethod(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name, descriptor, null, null);
        mv.visitCode();
        if (CallSites.isAddressCall(target.getOwner(), target.getName(), target.getDesc())) {
            // Buffer::address: the application asks for an address, checked for use after free like a direct call.
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitLdcInsn(site);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "enterAddress", "(Ljava/lang/Object;I)V", false);
        } else {
            mv.visitLdcInsn(site);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "enter", "(I)V", false);
        }
        int stack = 2;
        if (target.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
            mv.visitTypeInsn(Opcodes.NEW, target.getOwner());
            mv.visitInsn(Opcodes.DUP);
        }
        int local = 0;
        for (Type arg : Type.getArgumentTypes(descriptor)) {
            mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), local);
            local += arg.getSize();
        }
        // The site call needs two slots (a receiver and the id); the call, its arguments (after new and dup).
        stack = Math.max(stack, local + (target.getTag() == Opcodes.H_NEWINVOKESPECIAL ? 2 : 0));
        switch (target.getTag()) {
            case Opcodes.H_INVOKESTATIC ->
                mv.visitMethodInsn(
                        Opcodes.INVOKESTATIC,
                        target.getOwner(),
                        target.getName(),
                        target.getDesc(),
                        target.isInterface());
            case Opcodes.H_NEWINVOKESPECIAL ->
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, target.getOwner(), "<init>", target.getDesc(), false);
            case Opcodes.H_INVOKEINTERFACE ->
                mv.visitMethodInsn(
                        Opcodes.INVOKEINTERFACE, target.getOwner(), target.getName(), target.getDesc(), true);
            default ->
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, target.getOwner(), target.getName(), target.getDesc(), false);
        }
        // The call returned: forget its site, as after a direct call (the result, if any, stays on the stack).
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, "leave", "()V", false);
        Type result = Type.getReturnType(descriptor);
        mv.visitInsn(result.getOpcode(Opcodes.IRETURN));
        // No branches, so no stack map frames; a long or double result needs two slots.
        mv.visitMaxs(Math.max(stack, result.getSize()), local);
        mv.visitEnd();
    }
}
