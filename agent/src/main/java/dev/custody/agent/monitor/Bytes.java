package dev.custody.agent.monitor;

import java.util.Locale;

/** Byte counts with two decimals in B, KB, MB, GB or TB (base 1024), as the branch's monitor printed them. */
final class Bytes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Bytes() {}

    static String format(long bytes) {
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, UNITS[unit]);
    }
}
