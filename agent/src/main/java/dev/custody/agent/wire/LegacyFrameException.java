package dev.custody.agent.wire;

/** A legacy message failed validation; the connection that sent it is closed and nothing is applied. */
public final class LegacyFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** @param message the rule broken, naming the field and its value */
    public LegacyFrameException(String message) {
        super(message);
    }
}
