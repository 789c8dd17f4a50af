package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.EventSink;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.bootstrap.ThreadContext;
import dev.custody.agent.cache.CacheFiles;
import dev.custody.agent.cache.CachingTransformer;
import dev.custody.agent.cache.TransformCache;
import dev.custody.agent.instrumentation.buffer.AddressCheck;
import dev.custody.agent.ledger.CountingSink;
import dev.custody.agent.ledger.Ledger;
import dev.custody.agent.ledger.SnapshotSource;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Installs the agent: the sink behind {@link Custody}, the Byte Buddy transformations (inlined advice on the
 * port's types, call sites in application classes, rules-file classes) and the exit report.
 */
public final class AgentInstaller {
    /*
     * Design. The sink is installed before any transformation, so no event is lost between a class's
     * transformation and the first call into it. The transformations themselves live in ByteBuddySetup; at a
     * -javaagent start they are reached through the transformation cache (package cache), which replays the bytes of
     * earlier runs and builds Byte Buddy only on a miss. A rules file is part of the cache's key; the classes it names
     * that are loaded before premain (the JDK's) are retransformed through the same cache. This class must not mention a
     * Byte Buddy type: the verifier would load Byte Buddy with it. The exit report turns advice and
     * transformation errors into a failure under strict=true.
     *
     * Start-up order. premain runs on the application's main thread before main, so all of it is added to the
     * application's wall time. It reads the cache file first, which needs nothing else, then builds and installs
     * the sink, and installs the transformer last: nothing of the port is loaded before premain returns, so no event
     * can be missed. (A thread loading the ledger's and the report's classes in parallel was tried and measured: no
     * difference on two cores, where the JIT compiler threads already use the second core at start-up.)
     */

    /** The agent's version, sent to the allocation server. */
    public static final String VERSION = "0.1.0";

    private AgentInstaller() {}

    /**
     * Installs the agent with already parsed options.
     *
     * @param options the options
     * @param rulesFile the rules file {@code options.rules()} names, already read ({@link RulesFile#read}), or null
     * @param inst the JVM's instrumentation
     * @param lateAttach true for a dynamic attach (loaded classes are retransformed; memory allocated before
     *     is pre-existing)
     */
    public static void install(AgentOptions options, RulesFile rulesFile, Instrumentation inst, boolean lateAttach) {
        if (options.level() == Level.OFF) {
            return;
        }
        Libraries.use(inst, options.cache());
        boolean cached = !lateAttach && options.testFault().isEmpty();
        TransformCache cache = cached ? openCache(options, rulesFile) : null;
        ServerListener server =
                options.server() == null ? null : ServerListener.connect(options.server(), jvmName(), VERSION);
        SnapshotSource source;
        EventSink sink;
        if (options.tracks()) {
            int stackEvery =
                    options.level() == Level.STACKS ? options.sample() : options.level() == Level.PARANOID ? 1 : 0;
            Ledger ledger = new Ledger(stackEvery, lateAttach, server);
            source = ledger;
            sink = ledger;
        } else {
            CountingSink counting = new CountingSink();
            source = counting;
            sink = counting;
        }
        boolean hasRules = rulesFile != null && !rulesFile.isEmpty();
        if (hasRules && sink instanceof Ledger ledger) {
            ledger.useRules(new RuleMethods(rulesFile));
        }
        if (hasRules) {
            // Before the instrumenting transformer: it checks each rule against the class file as loaded.
            inst.addTransformer(new RuleChecker(rulesFile), true);
        }
        Custody.install("ledger".equals(options.testFault()) ? new FaultySink() : sink);
        if (options.tracks()) {
            Sites.useAddressCheck(new AddressCheck());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitReport(options, source, server), "custody-report"));
        if (cache == null || !installCached(cache, options.tracks(), hasRules ? rulesFile : null, inst)) {
            // At -javaagent start-up nothing we instrument is loaded yet, unless a rules file names JDK classes.
            boolean retransform = lateAttach || hasRules;
            ThreadContext context = ThreadContext.current();
            boolean before = context.agentWork;
            context.agentWork = true;
            try {
                Libraries.require();
                ByteBuddySetup.install(
                        inst, hasRules ? Rules.of(rulesFile) : Rules.NONE, options.tracks(), retransform, lateAttach);
            } finally {
                context.agentWork = before;
            }
        }
    }

    /**
     * Opens the transformation cache of this agent jar, JDK, mode and rules.
     *
     * @return the cache, or null if the cache is off or the agent jar cannot be identified (then the caller installs
     *     Byte Buddy directly)
     */
    private static TransformCache openCache(AgentOptions options, RulesFile rules) {
        Path dir = options.cache();
        Path file =
                dir == null ? null : CacheFiles.file(dir, options.tracks(), rules == null ? "" : rules.canonicalText());
        if (file == null) {
            return null;
        }
        TransformCache cache = TransformCache.open(file);
        if (cache.problem() != null) {
            System.err.println("custody: transformation cache: " + cache.problem());
        }
        return cache;
    }

    /**
     * Installs the caching transformer over {@code cache}; called after the sink is installed, so no event is lost.
     * Classes a rule names that are loaded already (the JDK's, at premain) are retransformed through it.
     *
     * @param rules the rules file, or null
     * @return false if the cache's site table cannot be restored (the caller then installs Byte Buddy directly)
     */
    private static boolean installCached(TransformCache cache, boolean sites, RulesFile rules, Instrumentation inst) {
        if (!Sites.restore(cache.sites())) {
            return false;
        }
        List<String> named = rules == null ? List.of() : rules.classNames();
        List<String> ruleClasses = new ArrayList<>();
        for (String name : named) {
            ruleClasses.add(name.replace('.', '/'));
        }
        CachingTransformer transformer = new CachingTransformer(
                cache, new Engine(sites, rules), CallSites.IGNORED, ruleClasses, CachingTransformer.AGENT_ERRORS);
        Runtime.getRuntime().addShutdownHook(new Thread(new CacheSaver(cache), "custody-cache"));
        inst.addTransformer(transformer, rules != null);
        if (rules != null) {
            retransformLoaded(inst, named);
        }
        return true;
    }

    /** Retransforms the loaded classes among {@code names}; a failure is an agent error (strict=true fails the run). */
    private static void retransformLoaded(Instrumentation inst, List<String> names) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                AgentErrors.recordTransform(c.getName(), e);
            }
        }
    }

    // Named classes rather than lambdas: a lambda is spun into a class at run time, interpreted, on every start-up.

    /** Builds Byte Buddy's transformer on the cache's first miss. */
    private static final class Engine implements Supplier<ClassFileTransformer> {
        private final boolean sites;
        private final RulesFile rules;

        Engine(boolean sites, RulesFile rules) {
            this.sites = sites;
            this.rules = rules;
        }

        @Override
        public ClassFileTransformer get() {
            // Runs on the application's thread, inside its class load: what the JDK does for us here is ours.
            ThreadContext context = ThreadContext.current();
            boolean before = context.agentWork;
            context.agentWork = true;
            try {
                Libraries.require();
                return ByteBuddySetup.raw(sites, rules == null ? Rules.NONE : Rules.of(rules));
            } finally {
                context.agentWork = before;
            }
        }
    }

    /** Saves what this run added to the cache, at exit. */
    private static final class CacheSaver implements Runnable {
        private final TransformCache cache;

        CacheSaver(TransformCache cache) {
            this.cache = cache;
        }

        @Override
        public void run() {
            try {
                cache.save(Sites.registered());
            } catch (IOException | RuntimeException e) {
                // The run itself is unaffected; the next one transforms again.
                System.err.println("custody: could not save the transformation cache " + cache.file() + ": " + e);
            }
        }
    }

    private static String jvmName() {
        String command = System.getProperty("sun.java.command", "");
        if (command.isEmpty()) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }
}
