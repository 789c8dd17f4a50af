package dev.custody.agent.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Transformed class bytes keyed by the original bytes, plus the site table they refer to, read from and written
 * to one file. Thread-safe: classes load on many threads.
 */
public final class TransformCache {
    /*
     * Design. The file is read whole into one byte[] and indexed once; an entry keeps offsets into that array, so
     * a warm start copies only the bytes of the classes that actually load. Entries made in this run (by Byte
     * Buddy, on a miss) hold their own arrays until save(). One entry per class name: a class whose bytes changed
     * replaces its old entry.
     *
     * File layout, big-endian; a string is a byte (LATIN_1 or UTF_8), an int byte count and that many bytes in that
     * encoding, decoded straight from the array (DataInputStream's readUTF and readInt cost milliseconds at start-up,
     * still interpreted, and so does a UTF-8 decode, which looks at every byte; a Latin-1 string is one array copy):
     *   int MAGIC, int FORMAT,
     *   int siteCount, then the texts of site ids 1 .. siteCount-1,
     *   int entryCount, then per entry: string name, int crc32, int adler32, int length,
     *       int outLength (UNTOUCHED_LENGTH when the agent leaves the class alone), outLength bytes,
     *   int CRC-32 of every byte before it.
     * CRC-32 and Adler-32 rather than CRC-32C: CRC32C builds its tables in Java at class initialization, about a
     * millisecond of interpreted code at every start; the other two are native.
     */

    /** Returned by {@link #find} for a class the agent leaves untouched (the transformer then returns null). */
    public static final byte[] UNTOUCHED = new byte[0];

    static final int MAGIC = 0x43555354; // "CUST"
    static final int FORMAT = 3;
    private static final byte LATIN_1 = 0;
    private static final byte UTF_8 = 1;
    private static final int UNTOUCHED_LENGTH = -1;
    /** Bytes before a string's text: its encoding byte and its int length. */
    private static final int STRING_HEADER = 5;
    /** The JDK's FileInputStream reads up to this many bytes through a buffer on the native stack. */
    private static final int READ_CHUNK = 8192;
    /** How many cache files a directory keeps (this one included). */
    static final int KEEP = 16;

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final String[] sites;
    private final String problem;
    private volatile boolean changed;

    private record Entry(int crc32, int adler32, int length, byte[] data, int offset, int outLength) {
        boolean matches(int length, int crc32, int adler32) {
            return this.length == length && this.crc32 == crc32 && this.adler32 == adler32;
        }
    }

    private TransformCache(Path file, String[] sites, String problem) {
        this.file = file;
        this.sites = sites;
        this.problem = problem;
    }

    /**
     * Opens the cache kept in {@code file}. A missing file gives an empty cache; so does a file that cannot be
     * read, is of another format, is truncated or fails its checksum ({@link #problem()} then says why). Never
     * throws.
     *
     * @param file the cache file (need not exist)
     * @return the cache
     */
    public static TransformCache open(Path file) {
        byte[] data;
        // FileInputStream, not Files.readAllBytes: the JDK has it loaded already, while the NIO file channel
        // would load about 25 classes at start-up.
        File f = file.toFile();
        try (FileInputStream in = new FileInputStream(f)) {
            data = readFully(in, (int) Math.min(f.length(), Integer.MAX_VALUE - 8));
        } catch (FileNotFoundException e) {
            if (!f.exists()) {
                return new TransformCache(file, new String[0], null);
            }
            return new TransformCache(file, new String[0], "cannot read " + file + ": " + e);
        } catch (IOException | RuntimeException e) {
            return new TransformCache(file, new String[0], "cannot read " + file + ": " + e);
        }
        try {
            return parse(file, data);
        } catch (IOException | RuntimeException e) {
            return new TransformCache(file, new String[0], file + " is damaged (" + e.getMessage() + "); ignored");
        }
    }

    /**
     * Reads up to {@code length} bytes into one array of that size, trimmed if the file ended first (a shorter read
     * then fails the checksum).
     */
    private static byte[] readFully(FileInputStream in, int length) throws IOException {
        // Straight into the array in 8 KiB reads: the JDK then reads through a buffer on the native stack. One larger
        // read mallocs a native buffer of the whole size, and readNBytes reads into 8 KiB arrays it then copies; at
        // start-up both cost more than the file itself (a 260 KB cache: about 1.3 ms this way, 2.3 ms with one read,
        // 3.2 ms with readNBytes, each in a fresh JVM).
        byte[] data = new byte[length];
        int n = 0;
        while (n < length) {
            int k = in.read(data, n, Math.min(READ_CHUNK, length - n));
            if (k < 0) {
                return Arrays.copyOf(data, n);
            }
            n += k;
        }
        return data;
    }

    private static TransformCache parse(Path file, byte[] data) throws IOException {
        if (data.length < 16) {
            throw new IOException("only " + data.length + " bytes");
        }
        int end = data.length - 4;
        CRC32 check = new CRC32();
        check.update(data, 0, end);
        if ((int) check.getValue() != int32(data, end, data.length)) {
            throw new IOException("checksum mismatch");
        }
        // Decoded by hand from the array: ByteBuffer.getInt is five interpreted calls deep, and at start-up, before
        // anything is compiled, reading the index through it cost about 1.5 ms of the 3.9 ms this method took.
        if (int32(data, 0, end) != MAGIC || int32(data, 4, end) != FORMAT) {
            throw new IOException("not a format-" + FORMAT + " Custody class cache");
        }
        int siteCount = int32(data, 8, end);
        if (siteCount < 0 || siteCount > data.length) {
            throw new IOException("bad site count " + siteCount);
        }
        int p = 12;
        String[] sites = new String[siteCount];
        for (int i = 1; i < siteCount; i++) {
            sites[i] = string(data, p, end);
            p += STRING_HEADER + int32(data, p + 1, end);
        }
        TransformCache cache = new TransformCache(file, sites, null);
        int entryCount = int32(data, p, end);
        p += 4;
        for (int i = 0; i < entryCount; i++) {
            String name = string(data, p, end);
            p += STRING_HEADER + int32(data, p + 1, end);
            int crc32 = int32(data, p, end);
            int adler32 = int32(data, p + 4, end);
            int length = int32(data, p + 8, end);
            int outLength = int32(data, p + 12, end);
            p += 16;
            int offset = p;
            if (outLength > 0) {
                if (outLength > end - p) {
                    throw new IOException("entry " + name + " runs past the end");
                }
                p += outLength;
            } else if (outLength != UNTOUCHED_LENGTH) {
                throw new IOException("entry " + name + " has length " + outLength);
            }
            cache.entries.put(name, new Entry(crc32, adler32, length, data, offset, outLength));
        }
        if (p != end) {
            throw new IOException((end - p) + " bytes after the last entry");
        }
        return cache;
    }

    /**
     * Returns the big-endian int at {@code at}.
     *
     * @throws IOException "truncated" if the int does not end by {@code end}
     */
    private static int int32(byte[] data, int at, int end) throws IOException {
        if (at < 0 || at > end - 4) {
            throw new IOException("truncated");
        }
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
    }

    /** Reads the string at {@code at}: an encoding byte, an int length and that many bytes in that encoding. */
    private static String string(byte[] data, int at, int end) throws IOException {
        int length = int32(data, at + 1, end);
        int text = at + STRING_HEADER;
        if (length < 0 || length > end - text) {
            throw new IOException("bad string length " + length);
        }
        byte encoding = data[at];
        if (encoding == LATIN_1) {
            return new String(data, text, length, StandardCharsets.ISO_8859_1);
        }
        if (encoding == UTF_8) {
            return new String(data, text, length, StandardCharsets.UTF_8);
        }
        throw new IOException("bad string encoding " + encoding);
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        boolean latin1 = true;
        for (int i = 0; i < text.length() && latin1; i++) {
            latin1 = text.charAt(i) <= 0xFF;
        }
        byte[] bytes = text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        out.writeByte(latin1 ? LATIN_1 : UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Returns why the file was not usable, or null if it was read (or did not exist yet). */
    public String problem() {
        return problem;
    }

    /** Returns the file this cache is read from and saved to. */
    public Path file() {
        return file;
    }

    /**
     * Returns the site table saved with the entries (index 0 unused), to restore before any class loads.
     *
     * @return the table; empty when the file had none
     */
    public String[] sites() {
        return sites.clone();
    }

    /** Returns the number of classes in the cache. */
    public int size() {
        return entries.size();
    }

    /**
     * Looks a class up by its name and the length and checksums of its original bytes.
     *
     * @return a fresh copy of the transformed bytes, {@link #UNTOUCHED}, or null when the cache does not know
     *     these bytes
     */
    public byte[] find(String name, int length, int crc32, int adler32) {
        Entry e = entries.get(name);
        if (e == null || !e.matches(length, crc32, adler32)) {
            return null;
        }
        if (e.outLength == UNTOUCHED_LENGTH) {
            return UNTOUCHED;
        }
        return Arrays.copyOfRange(e.data, e.offset, e.offset + e.outLength);
    }

    /**
     * Remembers the transformation of a class, replacing any older entry of that name.
     *
     * @param transformed the transformed bytes (kept, not copied), or null when the agent leaves the class alone
     */
    public void put(String name, int length, int crc32, int adler32, byte[] transformed) {
        if (transformed != null && transformed.length == 0) {
            throw new IllegalArgumentException("transformed bytes of " + name + " are empty; pass null for untouched");
        }
        Entry e = transformed == null
                ? new Entry(crc32, adler32, length, null, 0, UNTOUCHED_LENGTH)
                : new Entry(crc32, adler32, length, transformed, 0, transformed.length);
        entries.put(name, e);
        changed = true;
    }

    /** Returns whether {@link #put} added anything since the cache was opened. */
    public boolean changed() {
        return changed;
    }

    /**
     * Writes the cache if this run added entries: to a temporary file in the same directory, then renamed over
     * {@link #file()} (atomically where the file system allows), creating the directory if needed.
     *
     * @param siteTable the process's whole site table ({@code Sites.registered()}): the ids in every entry refer
     *     to it
     * @return true if written, false if there was nothing new
     * @throws IOException if the directory or file cannot be written
     */
    public boolean save(String[] siteTable) throws IOException {
        if (!changed) {
            return false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        CRC32 check = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, check));
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(Math.max(siteTable.length, 1));
        for (int i = 1; i < siteTable.length; i++) {
            string(out, siteTable[i] == null ? "" : siteTable[i]);
        }
        Map<String, Entry> snapshot = Map.copyOf(entries);
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> me : snapshot.entrySet()) {
            Entry e = me.getValue();
            string(out, me.getKey());
            out.writeInt(e.crc32);
            out.writeInt(e.adler32);
            out.writeInt(e.length);
            out.writeInt(e.outLength);
            if (e.outLength > 0) {
                out.write(e.data, e.offset, e.outLength);
            }
        }
        out.flush();
        // The checksum covers everything above and is written past the checking stream.
        new DataOutputStream(bytes).writeInt((int) check.getValue());
        byte[] data = bytes.toByteArray();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "classes-", ".tmp");
        try {
            Files.write(tmp, data);
            CacheFiles.moveInto(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        changed = false;
        // Each rebuilt agent jar starts a new file.
        CacheFiles.prune(dir, "classes-*.bin", file, KEEP);
        return true;
    }
}
