package dev.custody.itest;

import java.nio.file.Path;

/**
 * What every forked JVM of the ITs shares: the JDK it runs on ({@code custody.it.java.home}, or the JDK running the
 * tests), the Unsafe flag newer JDKs need ({@code custody.unsafe.flag}), and the build's paths, passed by Maven as
 * system properties.
 */
public final class Jvm {
    private Jvm() {}

    /** Returns the {@code java} executable of the JDK the forks run on. */
    public static String java() {
        String home = System.getProperty("custody.it.java.home", "");
        if (home.isBlank()) {
            home = System.getProperty("java.home");
        }
        return Path.of(home, "bin", "java").toString();
    }

    /** Returns the flag that silences the Unsafe warning on JDK 23 and later, or the empty string on older JDKs. */
    public static String unsafeFlag() {
        return System.getProperty("custody.unsafe.flag", "");
    }

    /**
     * Returns a system property Maven sets for the ITs.
     *
     * @throws IllegalStateException naming the property when it is not set (the ITs were not started by Maven)
     */
    public static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the ITs with mvn verify");
        }
        return value;
    }
}
