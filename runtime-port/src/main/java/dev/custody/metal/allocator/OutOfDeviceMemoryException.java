package dev.custody.metal.allocator;

import dev.custody.metal.TtException;

/** A bank manager could not place a buffer; the message is upstream's exact "Out of Memory: ..." text. */
public class OutOfDeviceMemoryException extends TtException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the exact upstream text
     */
    public OutOfDeviceMemoryException(String message) {
        super(message);
    }
}
