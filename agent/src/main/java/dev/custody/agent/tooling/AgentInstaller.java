package dev.custody.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.EventSink;
import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.instrumentation.PortInstrumentations;
import dev.custody.agent.instrumentation.buffer.AddressCheck;
import dev.custody.agent.ledger.CountingSink;
import dev.custody.agent.ledger.Ledger;
import dev.custody.agent.ledger.SnapshotSource;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs the agent: the sink behind {@link Custody}, the Byte Buddy transformations (inlined advice on the
 * port's types, call sites in application classes, rules-file classes) and the exit report.
 */
public final class AgentInstaller {
    /*
     * Design. Everything is inlined Advice (no delegation, no new members), so one AgentBuilder with
     * disableClassFormatChanges() and RETRANSFORMATION serves both -javaagent and a dynamic attach, where the
     * port's classes are already loaded. Transformations: one ForAdvice per port type, matched by exact name
     * (cheap, never resolves supertypes); the rules file's classes (JDK ones included: the ignore matcher lets them
     * through); and the call-site visitor on every other class that is not the port's runtime, the agent itself or
     * the JDK. Advice exceptions are suppressed and counted by an exception handler that calls AgentErrors; a
     * transformation error is counted by the errors-only listener; the exit report turns either into a failure
     * under strict=true. The sink is installed before the builder, so no event is lost between a class's
     * transformation and the first call into it.
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
        Rules rules = options.rules() == null ? Rules.NONE : Rules.load(options.rules());
        if (!rules.isEmpty() && sink instanceof Ledger ledger) {
            ledger.useRules(rules);
        }
        Custody.install("ledger".equals(options.testFault()) ? new FaultySink() : sink);
        if (options.tracks()) {
            Sites.useAddressCheck(new AddressCheck());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitReport(options, source, server), "custody-report"));
        // At -javaagent start-up nothing we instrument is loaded yet, unless a rules file names JDK classes.
        boolean retransform = lateAttach || !rules.isEmpty();
        builder(rules, options.tracks(), retransform).installOn(inst);
    }

    private static AgentBuilder builder(Rules rules, boolean sites, boolean retransform) {
        // Without this, AgentBuilder.Default's Nexus set-up calls sun.misc.Unsafe, which JDK 24+ warns about.
        String previous = System.getProperty("net.bytebuddy.nexus.disabled");
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
        try {
            AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                    .include(AgentInstaller.class.getClassLoader())
                    .withExceptionHandler(countingHandler());
            ElementMatcher.Junction<TypeDescription> ignored = nameStartsWith("net.bytebuddy.")
                    .or(nameStartsWith("dev.custody.agent."))
                    .or(nameStartsWith("java."))
                    .or(nameStartsWith("javax."))
                    .or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun."))
                    .or(nameStartsWith("com.sun."))
                    .or(nameStartsWith("org.junit."))
                    .or(nameStartsWith("org.apache.maven."))
                    .or(isSynthetic());
            // Advice only rewrites method bodies of existing classes: Byte Buddy's type validation has nothing to
            // check.
            AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                    .disableClassFormatChanges()
                    .with(
                            retransform
                                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                                    : AgentBuilder.RedefinitionStrategy.DISABLED)
                    // Describe types from their class files only, skipping method bodies: cheaper start-up.
                    .with(AgentBuilder.PoolStrategy.Default.FAST)
                    .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                    .with(new ErrorListener())
                    .ignore(ignored.and(not(rules.typeMatcher())));
            List<PortInstrumentation> ports = PortInstrumentations.all();
            for (PortInstrumentation p : ports) {
                builder = builder.type(named(p.typeName())).transform(p.apply(advice));
            }
            builder = rules.apply(builder, advice);
            if (sites) {
                SiteVisitor visitor = new SiteVisitor();
                ElementMatcher<TypeDescription> application = type -> !CallSites.isRuntime(type.getName());
                builder = builder.type(application, not(isBootstrapClassLoader()))
                        .transform((b, type, loader, module, domain) -> b.visit(visitor));
            }
            return builder;
        } finally {
            if (previous == null) {
                System.clearProperty("net.bytebuddy.nexus.disabled");
            } else {
                System.setProperty("net.bytebuddy.nexus.disabled", previous);
            }
        }
    }

    private static Advice.ExceptionHandler countingHandler() {
        try {
            MethodDescription record =
                    new MethodDescription.ForLoadedMethod(AgentErrors.class.getMethod("record", Throwable.class));
            return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(record));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("AgentErrors.record(Throwable) is missing from the agent jar", e);
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
