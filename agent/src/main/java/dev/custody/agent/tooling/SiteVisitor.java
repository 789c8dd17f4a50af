package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.Sites;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Instruments call sites in application classes: before each call to a tracked method it inserts
 * {@code Sites.enter(id)} with a constant id registered at transform time for
 * {@code Class.method(File.java:line)}. One thread-local store per tracked call; no stack walk.
 */
final class SiteVisitor extends AsmVisitorWrapper.AbstractBase {
    private static final String SITES = Sites.class.getName().replace('.', '/');

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
        return new SiteClassVisitor(classVisitor, instrumentedType.getName());
    }

    private static final class SiteClassVisitor extends ClassVisitor {
        private final String className;
        private String source = "Unknown Source";

        SiteClassVisitor(ClassVisitor next, String className) {
            super(OpenedClassReader.ASM_API, next);
            this.className = className;
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
            return next == null ? null : new SiteMethodVisitor(next, className + "." + name, source);
        }
    }

    private static final class SiteMethodVisitor extends MethodVisitor {
        private final String method;
        private final String source;
        private int line = -1;
        private boolean inserted;

        SiteMethodVisitor(MethodVisitor next, String method, String source) {
            super(OpenedClassReader.ASM_API, next);
            this.method = method;
            this.source = source;
        }

        @Override
        public void visitLineNumber(int lineNumber, Label start) {
            line = lineNumber;
            super.visitLineNumber(lineNumber, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (CallSites.tracked(owner, name)) {
                String text = method + "(" + source + (line >= 0 ? ":" + line : "") + ")";
                super.visitLdcInsn(Sites.register(text));
                String enter = CallSites.checked(owner, name) ? "enterChecked" : "enter";
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SITES, enter, "(I)V", false);
                inserted = true;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // The site id is pushed on top of whatever the call's arguments occupy.
            super.visitMaxs(inserted ? maxStack + 1 : maxStack, maxLocals);
        }
    }
}
