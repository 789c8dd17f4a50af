package dev.custody.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCacheTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("classes-0000000000000001.bin");
    }

    @Test
    void savedEntriesAndSites_areReadBackByTheNextRun() throws IOException {
        TransformCache first = TransformCache.open(file());
        first.put("a/B", 10, 1, 2, new byte[] {7, 8, 9});
        first.put("a/C", 20, 3, 4, null);
        assertThat(first.save(new String[] {"<unknown site>", "a.B.m(B.java:3)", "a.C.n(C.java:9)"}))
                .isTrue();

        TransformCache second = TransformCache.open(file());

        assertThat(second.problem()).isNull();
        assertThat(second.size()).isEqualTo(2);
        assertThat(second.find("a/B", 10, 1, 2)).containsExactly(7, 8, 9);
        assertThat(second.find("a/C", 20, 3, 4)).isSameAs(TransformCache.UNTOUCHED);
        assertThat(Arrays.asList(second.sites())).containsExactly(null, "a.B.m(B.java:3)", "a.C.n(C.java:9)");
        assertThat(second.changed()).isFalse();
    }

    @Test
    void aCacheOfManyReads_isReadBackExactly() throws IOException {
        // The file is read in 8 KiB pieces: entries that straddle them, and one larger than several, come back whole.
        TransformCache first = TransformCache.open(file());
        byte[] big = new byte[100_003];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        for (int k = 0; k < 20; k++) {
            first.put("a/C" + k, k, k, k, Arrays.copyOf(big, 5_000 + k));
        }
        first.put("a/Big", 1, 2, 3, big);
        first.save(new String[] {"?"});
        assertThat(Files.size(file())).isGreaterThan(200_000);

        TransformCache second = TransformCache.open(file());

        assertThat(second.problem()).isNull();
        assertThat(second.size()).isEqualTo(21);
        assertThat(second.find("a/Big", 1, 2, 3)).isEqualTo(big);
        assertThat(second.find("a/C19", 19, 19, 19)).isEqualTo(Arrays.copyOf(big, 5_019));
    }

    @Test
    void otherBytesOfAKnownClass_areAMiss() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1});

        assertThat(cache.find("a/B", 11, 1, 2)).isNull();
        assertThat(cache.find("a/B", 10, 5, 2)).isNull();
        assertThat(cache.find("a/B", 10, 1, 6)).isNull();
        assertThat(cache.find("a/X", 10, 1, 2)).isNull();
    }

    @Test
    void findReturnsACopy_soACallerCannotSpoilTheCache() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1, 2});
        cache.save(new String[] {"?"});
        TransformCache read = TransformCache.open(file());

        read.find("a/B", 10, 1, 2)[0] = 99;

        assertThat(read.find("a/B", 10, 1, 2)).containsExactly(1, 2);
    }

    @Test
    void aClassWithNewBytes_replacesItsOldEntry() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1});
        cache.put("a/B", 12, 3, 4, new byte[] {2});
        cache.save(new String[] {"?"});

        TransformCache read = TransformCache.open(file());

        assertThat(read.size()).isOne();
        assertThat(read.find("a/B", 10, 1, 2)).isNull();
        assertThat(read.find("a/B", 12, 3, 4)).containsExactly(2);
    }

    @Test
    void missingFile_isAnEmptyCacheWithoutProblem() {
        TransformCache cache = TransformCache.open(file());

        assertThat(cache.problem()).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.sites()).isEmpty();
    }

    @Test
    void flippedByte_failsTheChecksum_andTheFileIsIgnored() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        cache.save(new String[] {"?", "site"});
        byte[] bytes = Files.readAllBytes(file());
        bytes[bytes.length - 8] ^= 1;
        Files.write(file(), bytes);

        TransformCache read = TransformCache.open(file());

        assertThat(read.problem()).isEqualTo(file() + " is damaged (checksum mismatch); ignored");
        assertThat(read.size()).isZero();
        assertThat(read.sites()).isEmpty();
    }

    @Test
    void truncatedOrForeignFile_isIgnoredWithAReason() throws IOException {
        Files.write(file(), new byte[] {1, 2, 3});
        assertThat(TransformCache.open(file()).problem()).isEqualTo(file() + " is damaged (only 3 bytes); ignored");

        Files.writeString(file(), "this is not a class cache but long enough");
        assertThat(TransformCache.open(file()).problem()).contains("checksum mismatch");
    }

    @Test
    void nonLatin1Sites_areReadBackExactly() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1});
        cache.save(new String[] {"?", "a.Größe.m(Größe.java:1)", "a.\u5b57.m(\u5b57.java:2)"});

        assertThat(TransformCache.open(file()).sites())
                .containsExactly(null, "a.Größe.m(Größe.java:1)", "a.\u5b57.m(\u5b57.java:2)");
    }

    @Test
    void fileWithAValidChecksumButABrokenIndex_isIgnoredWithAReason() throws IOException {
        TransformCache cache = TransformCache.open(file());
        cache.put("a/B", 10, 1, 2, new byte[] {1, 2, 3});
        cache.save(new String[] {"?", "site"});
        byte[] good = Files.readAllBytes(file());
        // Layout: magic, format, siteCount=2, site 1 ("site": 1 + 4 + 4 bytes), entryCount at offset 21.
        int entryCount = 21;

        assertThat(reopenedWith(good, entryCount, 2).problem()).isEqualTo(file() + " is damaged (truncated); ignored");
        assertThat(reopenedWith(good, entryCount, 0).problem())
                .isEqualTo(file() + " is damaged (" + (good.length - 4 - 25) + " bytes after the last entry); ignored");
        assertThat(reopenedWith(good, 13, 1 << 20).problem())
                .isEqualTo(file() + " is damaged (bad string length 1048576); ignored");
        assertThat(reopenedWith(good, 4, 2).problem())
                .isEqualTo(file() + " is damaged (not a format-" + TransformCache.FORMAT
                        + " Custody class cache); ignored");
    }

    /** Writes {@code good} with the int at {@code offset} set to {@code value} and a checksum that matches. */
    private TransformCache reopenedWith(byte[] good, int offset, int value) throws IOException {
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes).putInt(offset, value);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(file(), bytes);
        return TransformCache.open(file());
    }

    @Test
    void saveWithoutNewEntries_writesNothing() throws IOException {
        TransformCache cache = TransformCache.open(file());

        assertThat(cache.save(new String[] {"?"})).isFalse();
        assertThat(file()).doesNotExist();
    }

    @Test
    void emptyTransformedBytes_areRejected_nullMeansUntouched() {
        TransformCache cache = TransformCache.open(file());

        assertThatThrownBy(() -> cache.put("a/B", 1, 1, 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transformed bytes of a/B are empty; pass null for untouched");
    }

    @Test
    void save_createsTheDirectory_andKeepsOnlyTheNewestFiles() throws IOException {
        Path nested = dir.resolve("x/y");
        Files.createDirectories(nested);
        for (int i = 0; i < TransformCache.KEEP + 3; i++) {
            Path old = nested.resolve("classes-old" + i + ".bin");
            Files.write(old, new byte[] {1});
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.writeString(nested.resolve("notes.txt"), "kept");
        TransformCache cache = TransformCache.open(nested.resolve("classes-new.bin"));
        cache.put("a/B", 1, 1, 1, null);

        cache.save(new String[] {"?"});

        try (Stream<Path> files = Files.list(nested)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .hasSize(TransformCache.KEEP + 1)
                    .contains("classes-new.bin", "notes.txt", "classes-old" + (TransformCache.KEEP + 2) + ".bin")
                    .doesNotContain("classes-old0.bin", "classes-old3.bin");
        }
    }
}
