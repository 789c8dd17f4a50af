package dev.custody.metal;

/**
 * An upstream {@code TT_FATAL} / {@code TT_THROW} with a fixed text.
 *
 * <p>{@link #getMessage()} is exactly the text tt-metal prints, so tests and reports can compare it byte for byte.
 */
public class TtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception carrying the exact upstream text.
     *
     * @param message the upstream message, verbatim
     */
    public TtException(String message) {
        super(message);
    }
}
