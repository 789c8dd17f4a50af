package dev.custody.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.instrumentation.PortInstrumentations;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The Byte Buddy side of the agent: one AgentBuilder with every transformation. The only class of the
 * installer that references Byte Buddy, so that a run served from the transformation cache never loads it.
 */
final class ByteBuddySetup {
    /*
     * Design. Everything is inlined Advice (no delegation, no new members), so one AgentBuilder with
     * disableClassFormatChanges() and RETRANSFORMATION serves both -javaagent and a dynamic attach, where the
     * port's classes are already loaded. The one exception is the call-site visitor's bridge methods for method
     * references in application classes, added only when those classes are loaded after the agent (never on an
     * attach, where they may be loaded already). Transformations: one ForAdvice per port type, matched by exact name
     * (cheap, never resolves supertypes); the rules file's classes (JDK ones included: the ignore matcher lets them
     * through); and the call-site visitor on every other class that is not the port's runtime, the agent itself or
     * the JDK. Advice exceptions are suppressed and counted by an exception handler that calls AgentErrors; a
     * transformation error is counted by the errors-only listener.
     */

    private ByteBuddySetup() {}

    /**
     * Builds and installs the transformations on {@code inst} (retransforming loaded classes if asked).
     *
     * @param lateAttach whether the application's classes may be loaded already (a dynamic attach): their
     *     retransformation must not add methods
     */
    static void install(Instrumentation inst, Rules rules, boolean tracks, boolean retransform, boolean lateAttach) {
        builder(rules, tracks, retransform, !lateAttach).installOn(inst);
    }

    /**
     * Builds the transformations as a raw transformer, for the cache to call on a miss (also for the retransformation
     * of a loaded class a rule names).
     */
    static ClassFileTransformer raw(boolean tracks, Rules rules) {
        // Only at a -javaagent start: the application's classes are loaded after it, so they may gain bridges.
        return builder(rules, tracks, !rules.isEmpty(), true).makeRaw();
    }

    private static AgentBuilder builder(Rules rules, boolean tracks, boolean retransform, boolean bridges) {
        // Without this, AgentBuilder.Default's Nexus set-up calls sun.misc.Unsafe, which JDK 24+ warns about.
        String previous = System.getProperty("net.bytebuddy.nexus.disabled");
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
        try {
            AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                    .include(ByteBuddySetup.class.getClassLoader())
                    .withExceptionHandler(countingHandler());
            // Names first: isSynthetic() resolves the type, which fails for generated classes (proxies) that have no
            // class file to read.
            ElementMatcher.Junction<TypeDescription> ignored = null;
            for (String prefix : CallSites.IGNORED) {
                ElementMatcher.Junction<TypeDescription> p = nameStartsWith(prefix.replace('/', '.'));
                ignored = ignored == null ? p : ignored.or(p);
            }
            ignored = ignored.or(isSynthetic());
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
            for (PortInstrumentation p : tracks ? PortInstrumentations.all() : PortInstrumentations.counting()) {
                AsmVisitorWrapper inside = p.visitor();
                builder = inside == AsmVisitorWrapper.NoOp.INSTANCE
                        ? builder.type(named(p.typeName())).transform(p.apply(advice))
                        : builder.type(named(p.typeName()))
                                .transform(p.apply(advice))
                                .transform(new Visit(inside));
            }
            builder = rules.apply(builder, advice);
            if (tracks) {
                // A retransformation (an attach) may not add methods: no bridges for method references then.
                SiteVisitor visitor = new SiteVisitor(bridges);
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

    /** Applies a visitor to a type (a named class rather than a lambda, which would be spun at start-up). */
    private static final class Visit implements AgentBuilder.Transformer {
        private final AsmVisitorWrapper visitor;

        Visit(AsmVisitorWrapper visitor) {
            this.visitor = visitor;
        }

        @Override
        public DynamicType.Builder<?> transform(
                DynamicType.Builder<?> builder,
                TypeDescription type,
                ClassLoader loader,
                JavaModule module,
                ProtectionDomain domain) {
            return builder.visit(visitor);
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
}
