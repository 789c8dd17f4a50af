package dev.custody.agent.cache;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Where the transformation cache lives: the default directory and the file for this agent, JDK and mode. */
public final class CacheFiles {
    private CacheFiles() {}

    /**
     * Returns the default cache directory: {@code $XDG_CACHE_HOME/custody} when that variable holds an absolute
     * path, else {@code USER_HOME/.cache/custody}.
     *
     * @param xdgCacheHome the value of {@code XDG_CACHE_HOME}, possibly null or empty
     * @param userHome the {@code user.home} property, possibly null
     * @return the directory, or null when neither gives one (the cache is then off)
     */
    public static Path defaultDirectory(String xdgCacheHome, String userHome) {
        if (xdgCacheHome != null
                && !xdgCacheHome.isEmpty()
                && Path.of(xdgCacheHome).isAbsolute()) {
            return Path.of(xdgCacheHome, "custody");
        }
        if (userHome == null || userHome.isEmpty() || userHome.equals("?")) {
            return null;
        }
        return Path.of(userHome, ".cache", "custody");
    }

    /**
     * Returns the cache file for this agent jar, this JDK, this mode and these rules in {@code directory}. The name
     * carries a 64-bit hash of the agent jar's size and modification time, {@code java.runtime.version}, the cache
     * format, the mode and the rules, so a rebuilt agent, another JDK, another level or another rules file never reads
     * bytes made for something else.
     *
     * @param directory the cache directory
     * @param sites whether call sites are recorded (level track and above)
     * @param rules the rules file's canonical text, or the empty string without a rules file
     * @return {@code directory/classes-<16 hex digits>.bin}, or null when the agent jar cannot be identified
     *     (then the cache stays off rather than risk bytes made by another build)
     */
    public static Path file(Path directory, boolean sites, String rules) {
        String identity = agentIdentity();
        if (identity == null) {
            return null;
        }
        String key = identity + "|" + System.getProperty("java.runtime.version", "?") + "|" + TransformCache.FORMAT
                + "|" + (sites ? "sites" : "nosites")
                // Without rules the key is what it always was, so existing caches stay valid.
                + (rules.isEmpty() ? "" : "|rules:" + Long.toHexString(fnv1a64(rules)));
        String hex = Long.toHexString(fnv1a64(key));
        return directory.resolve("classes-" + "0".repeat(16 - hex.length()) + hex + ".bin");
    }

    private static String agentIdentity() {
        // java.io.File rather than Path.of(URI) and Files.readAttributes: the same three facts at every tracked
        // start for about half the time (0.7 ms against 1.4 ms in a cold JVM), without NIO's URI and attribute
        // classes. A location that does not exist gives no identity: no cache.
        try {
            File jar = new File(CacheFiles.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!jar.exists()) {
                return null;
            }
            return jar.getAbsolutePath() + "|" + jar.length() + "|" + jar.lastModified();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static long fnv1a64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Moves {@code tmp} over {@code target}, atomically where the file system allows, so that a reader sees either the
     * old file or the whole new one.
     *
     * @throws IOException if the move fails
     */
    public static void moveInto(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Keeps the {@code keep} newest entries of {@code dir} that match {@code glob}, {@code current} always among
     * them, and deletes the others (a directory with the files in it). Housekeeping: a failure leaves old entries
     * behind and nothing else.
     *
     * @param dir the cache directory
     * @param glob which entries ({@code classes-*.bin}, {@code jars-*})
     * @param current the entry this run uses, relative or absolute
     * @param keep how many to keep, {@code current} included
     */
    public static void prune(Path dir, String glob, Path current, int keep) {
        // Compared absolute: cache=DIR may be relative, while the listing's paths are dir's.
        Path kept = current.toAbsolutePath().normalize();
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            for (Path p : entries) {
                if (!p.toAbsolutePath().normalize().equals(kept)) {
                    old.add(p);
                }
            }
            old.sort(Comparator.comparingLong(CacheFiles::modified).reversed());
            for (Path p : old.subList(Math.min(old.size(), keep - 1), old.size())) {
                if (Files.isDirectory(p)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
                        for (Path f : files) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // Only housekeeping failed.
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
