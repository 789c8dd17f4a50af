package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class MethodReferenceSitesTest {
    private static final Handle METAFACTORY =
            new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory", "(…)", false);
    private static final Handle DEALLOCATE = new Handle(
            Opcodes.H_INVOKESTATIC,
            "dev/custody/metal/TtMetal",
            "deallocateBuffer",
            "(Ldev/custody/metal/buffer/Buffer;)V",
            false);
    private static final Handle CLOSE =
            new Handle(Opcodes.H_INVOKEVIRTUAL, "dev/custody/metal/buffer/Buffer", "close", "()V", false);

    @Test
    void trackedTarget_isAMetafactoryImplementationThatIsATrackedPortCall() {
        assertThat(MethodReferenceSites.trackedTarget(METAFACTORY, new Object[] {null, DEALLOCATE, null}, "App"))
                .isSameAs(DEALLOCATE);
        Handle notTracked =
                new Handle(Opcodes.H_INVOKEVIRTUAL, "dev/custody/metal/buffer/Buffer", "size", "()J", false);
        assertThat(MethodReferenceSites.trackedTarget(METAFACTORY, new Object[] {null, notTracked, null}, "App"))
                .isNull();
        // A class referring to its own method keeps its caller's site, as for a direct call.
        assertThat(MethodReferenceSites.trackedTarget(
                        METAFACTORY, new Object[] {null, CLOSE, null}, "dev/custody/metal/buffer/Buffer"))
                .isNull();
        Handle other = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/StringConcatFactory", "x", "()V", false);
        assertThat(MethodReferenceSites.trackedTarget(other, new Object[] {null, CLOSE, null}, "App"))
                .isNull();
    }

    @Test
    void bridgeDescriptor_takesTheReceiverFirst_andAConstructorReturnsItsObject() {
        assertThat(MethodReferenceSites.bridgeDescriptor(DEALLOCATE)).isEqualTo("(Ldev/custody/metal/buffer/Buffer;)V");
        assertThat(MethodReferenceSites.bridgeDescriptor(CLOSE)).isEqualTo("(Ldev/custody/metal/buffer/Buffer;)V");
        Handle view = new Handle(
                Opcodes.H_INVOKEVIRTUAL,
                "dev/custody/metal/buffer/Buffer",
                "view",
                "(Ldev/custody/metal/buffer/BufferRegion;)Ldev/custody/metal/buffer/Buffer;",
                false);
        assertThat(MethodReferenceSites.bridgeDescriptor(view))
                .isEqualTo("(Ldev/custody/metal/buffer/Buffer;Ldev/custody/metal/buffer/BufferRegion;)"
                        + "Ldev/custody/metal/buffer/Buffer;");
        Handle constructor = new Handle(Opcodes.H_NEWINVOKESPECIAL, "a/B", "<init>", "(IJ)V", false);
        assertThat(MethodReferenceSites.bridgeDescriptor(constructor)).isEqualTo("(IJ)La/B;");
    }

    @Test
    void onlyThePlainMetafactory_isBridged() {
        assertThat(MethodReferenceSites.bridgeable(METAFACTORY)).isTrue();
        Handle serializable = new Handle(
                Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "altMetafactory", "(…)", false);
        assertThat(MethodReferenceSites.bridgeable(serializable)).isFalse();
    }
}
