package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.Sites;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site of a rules-file event that no instrumented call preceded: the JDK, or a class the agent ignores,
 * acquired or released the resource itself. One stack walk finds the first frame outside the agent and outside the
 * resource's own classes, and registers its text once.
 *
 * <p>An application's own calls of rules-file methods carry their site from the call-site instrumentation and never
 * come here, so the walk costs only acquisitions the application did not make itself (a JDK class opening a file
 * for its own use, say).
 */
final class WalkedSites {
    private static final String AGENT = "dev.custody.agent.";

    // Static, so that this class loads at the first walk only: every run makes a ledger, few ever walk. Site ids are
    // process-wide anyway (Sites).
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();

    private WalkedSites() {}

    /**
     * Returns the site id of the first frame on the calling thread's stack that is neither the agent's nor a
     * constructor or method of {@code declaring} or {@code runtime}.
     *
     * @param declaring the binary name of the class whose rules-file method fired the event
     * @param runtime the binary name of the resource's own class (a subclass calls its rule class's constructor)
     * @return a registered site id, or {@link Sites#UNKNOWN} if every frame was skipped
     */
    static int site(String declaring, String runtime) {
        Optional<String> text = WALKER.walk(frames -> frames.filter(f -> {
                    String c = f.getClassName();
                    return !c.startsWith(AGENT) && !c.equals(declaring) && !c.equals(runtime);
                })
                .findFirst()
                .map(WalkedSites::describe));
        return text.map(t -> IDS.computeIfAbsent(t, Sites::register)).orElse(Sites.UNKNOWN);
    }

    /** Returns {@code Class.method(File.java:line)}, the form the call-site instrumentation registers. */
    private static String describe(StackWalker.StackFrame f) {
        String file = f.getFileName() != null ? f.getFileName() : "Unknown Source";
        int line = f.getLineNumber();
        return f.getClassName() + "." + f.getMethodName() + "(" + file + (line >= 0 ? ":" + line : "") + ")";
    }
}
