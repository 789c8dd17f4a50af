package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteBuddySetupTest {
    @ParameterizedTest
    @CsvSource({
        "dev/custody/metal/allocator/Allocator, true, true",
        "dev/custody/metal/buffer/Buffer, true, false",
        "dev/custody/metal/mesh/MeshBuffer, true, false",
        "dev/custody/metal/device/Device, true, false",
        "dev/custody/metal/TtMetal, true, false"
    })
    void levelCount_transformsTheAllocatorAlone(String type, boolean atTrack, boolean atCount)
            throws IOException, IllegalClassFormatException {
        byte[] original = classFile(type);

        assertThat(transformed(ByteBuddySetup.raw(true), type, original))
                .as("%s at level=track", type)
                .isEqualTo(atTrack);
        assertThat(transformed(ByteBuddySetup.raw(false), type, original))
                .as("%s at level=count", type)
                .isEqualTo(atCount);
    }

    private static boolean transformed(ClassFileTransformer transformer, String type, byte[] original)
            throws IllegalClassFormatException {
        byte[] out =
                transformer.transform(ByteBuddySetupTest.class.getClassLoader(), type, null, null, original.clone());
        return out != null && !Arrays.equals(out, original);
    }

    private static byte[] classFile(String type) throws IOException {
        try (InputStream in = ByteBuddySetupTest.class.getClassLoader().getResourceAsStream(type + ".class")) {
            assertThat(in).as(type + ".class on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }
}
