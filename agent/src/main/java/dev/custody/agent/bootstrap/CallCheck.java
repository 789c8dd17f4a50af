package dev.custody.agent.bootstrap;

/** A check the call-site visitor runs on the receiver of an application call (Buffer.address), before the call. */
public interface CallCheck {
    /**
     * Checks {@code receiver}; may throw (the caller counts it in {@link AgentErrors}).
     *
     * @param receiver the object whose method the application is about to call, possibly null
     */
    void check(Object receiver);
}
