package dev.custody.agent.server;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as C++ {@code std::ostream << double} does by default ({@code %g}, precision 6,
 * trailing zeros removed), so that figures such as {@code (1.5 KB)} or {@code (14.1094 MB)} match the
 * branch's server to the byte.
 */
final class CppDouble {
    private static final int PRECISION = 6;

    private CppDouble() {}

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(v).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= PRECISION) {
            String mantissa = bd.movePointLeft(exp).stripTrailingZeros().toPlainString();
            String e = String.valueOf(Math.abs(exp));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return bd.stripTrailingZeros().toPlainString();
    }
}
