package dev.custody.metal.buffer;

/** Argument checks of the buffer package; messages name the argument, its value and the rule. */
final class BufferChecks {
    private BufferChecks() {}

    static long requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= 0");
        }
        return value;
    }

    static int requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be > 0");
        }
        return value;
    }

    static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** {@code ceil(value / multiple) * multiple}, failing with a message naming {@code what} on overflow. */
    static long roundUp(String what, long value, long multiple) {
        if (multiple <= 0) {
            return value;
        }
        try {
            return Math.multiplyExact(Math.addExact(value, multiple - 1) / multiple, multiple);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    what + " (" + value + ") rounded up to a multiple of " + multiple + " overflows a long", e);
        }
    }

    static long multiply(String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " (" + a + " × " + b + ") overflows a long", e);
        }
    }
}
