package dev.custody.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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

        assertThat(transformed(ByteBuddySetup.raw(true, Rules.NONE), type, original))
                .as("%s at level=track", type)
                .isEqualTo(atTrack);
        assertThat(transformed(ByteBuddySetup.raw(false, Rules.NONE), type, original))
                .as("%s at level=count", type)
                .isEqualTo(atCount);
    }

    @Test
    void rulesOnAJdkClass_itsRetransformationGetsTheAdvice() throws IOException, IllegalClassFormatException {
        // A rules file's JDK class is loaded before premain: the cache's engine sees it only as a retransformation.
        ClassFileTransformer engine = ByteBuddySetup.raw(
                true,
                Rules.of(RulesFile.parse(
                        "r",
                        List.of("acquire java.io.FileInputStream.<init>", "release java.io.FileInputStream.close"))));
        byte[] original;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/io/FileInputStream.class")) {
            original = in.readAllBytes();
        }

        byte[] out = engine.transform(
                FileInputStream.class.getModule(),
                null,
                "java/io/FileInputStream",
                FileInputStream.class,
                null,
                original.clone());

        assertThat(out).isNotNull().isNotEqualTo(original);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).contains("dev/custody/agent/bootstrap/Custody");
        assertThat(ByteBuddySetup.raw(true, Rules.NONE)
                        .transform(
                                FileInputStream.class.getModule(),
                                null,
                                "java/io/FileInputStream",
                                FileInputStream.class,
                                null,
                                original.clone()))
                .as("without rules the JDK's classes are left alone")
                .isNull();
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
