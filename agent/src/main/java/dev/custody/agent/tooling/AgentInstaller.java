package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.EventSink;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.cache.CacheFiles;
import dev.custody.agent.cache.CachingTransformer;
import dev.custody.agent.cache.TransformCache;
import dev.custody.agent.instrumentation.buffer.AddressCheck;
import dev.custody.agent.ledger.CountingSink;
import dev.custody.agent.ledger.Ledger;
import dev.custody.agent.ledger.SnapshotSource;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Installs the agent: the sink behind {@link Custody}, the Byte Buddy transformations (inlined advice on the
 * port's types, call sites in application classes, rules-file classes) and the exit report.
 */
public final class AgentInstaller {
    /*
     * Design. The sink is installed before any transformation, so no event is lost between a class's
     * transformation and the first call into it. The transformations themselves live in ByteBuddySetup; at a
     * -javaagent start without a rules file they are reached through the transformation cache (package cache),
     * which replays the bytes of earlier runs and builds Byte Buddy only on a miss. This class must not mention a
     * Byte Buddy type: the verifier would load Byte Buddy with it. The exit report turns advice and
     * transformation errors into a failure under strict=true.
     */

    /** The agent's version, sent to the allocation server. */
    public static final String VERSION = "0.1.0";

    private AgentInstaller() {}

    /**
     * Installs the agent with already parsed options.
     *
     * @param options the options
     * @param inst the JVM's instrumentation
     * @param lateAttach true for a dynamic attach (loaded classes are retransformed; memory allocated before
     *     is pre-existing)
     */
    public static void install(AgentOptions options, Instrumentation inst, boolean lateAttach) {
        if (options.level() == Level.OFF) {
            return;
        }
        ServerListener server =
                options.server() == null ? null : ServerListener.connect(options.server(), jvmName(), VERSION);
        SnapshotSource source;
        EventSink sink;
        if (options.tracks()) {
            int stackEvery = switch (options.level()) {
                case STACKS -> options.sample();
                case PARANOID -> 1;
                default -> 0;
            };
            Ledger ledger = new Ledger(stackEvery, lateAttach, server);
            source = ledger;
            sink = ledger;
        } else {
            CountingSink counting = new CountingSink();
            source = counting;
            sink = counting;
        }
        Rules rules = options.rules() == null ? null : Rules.load(options.rules());
        if (rules != null && !rules.isEmpty() && sink instanceof Ledger ledger) {
            ledger.useRules(rules);
        }
        Custody.install("ledger".equals(options.testFault()) ? new FaultySink() : sink);
        if (options.tracks()) {
            Sites.useAddressCheck(new AddressCheck());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitReport(options, source, server), "custody-report"));
        if (rules != null || lateAttach || !options.testFault().isEmpty() || !installCached(options, inst)) {
            // At -javaagent start-up nothing we instrument is loaded yet, unless a rules file names JDK classes.
            boolean retransform = lateAttach || (rules != null && !rules.isEmpty());
            ByteBuddySetup.install(inst, rules == null ? Rules.NONE : rules, options.tracks(), retransform);
        }
    }

    /**
     * Installs the caching transformer if the cache is on and its file is usable.
     *
     * @return false if the cache is off (the caller then installs Byte Buddy directly)
     */
    private static boolean installCached(AgentOptions options, Instrumentation inst) {
        Path dir = options.cache();
        Path file = dir == null ? null : CacheFiles.file(dir, options.tracks());
        if (file == null) {
            return false;
        }
        TransformCache cache = TransformCache.open(file);
        if (cache.problem() != null) {
            System.err.println("custody: transformation cache: " + cache.problem());
        }
        if (!Sites.restore(cache.sites())) {
            return false;
        }
        boolean sites = options.tracks();
        CachingTransformer transformer = new CachingTransformer(
                cache, () -> ByteBuddySetup.raw(sites), CallSites.IGNORED, CachingTransformer.AGENT_ERRORS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> saveCache(cache), "custody-cache"));
        inst.addTransformer(transformer, false);
        return true;
    }

    private static void saveCache(TransformCache cache) {
        try {
            cache.save(Sites.registered());
        } catch (IOException | RuntimeException e) {
            // The run itself is unaffected; the next one transforms again.
            System.err.println("custody: could not save the transformation cache " + cache.file() + ": " + e);
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
