package dev.custody.agent.wire;

import java.io.IOException;

/** A peer sent bytes that break the protocol; the message says what was expected and what arrived. */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the field, its value and the rule */
    public ProtocolException(String message) {
        super(message);
    }
}
