package dev.custody.agent.ledger;

import java.util.List;

/**
 * One site of a finding: what happened there ({@code allocated}, {@code freed}, {@code read}…), the call
 * site {@code Class.method(File.java:line)} and, at level stacks or paranoid, the full stack.
 *
 * @param label what happened at the site
 * @param site the call site text
 * @param stack stack frames, outermost last; empty when not captured
 */
public record SiteRef(String label, String site, List<String> stack) {
    /** Creates a site reference; the stack is copied. */
    public SiteRef {
        stack = List.copyOf(stack);
    }
}
