package dev.custody.agent.instrumentation.rules;

import dev.custody.agent.bootstrap.Custody;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The four rule actions: a constructor acquires, a factory's result is acquired, a method releases, a method uses.
 */
public final class RuleAdvice {
    private RuleAdvice() {}

    /** A constructor named by {@code acquire CLASS.<init>} finished: the new object holds a resource. */
    public static final class AcquireNew {
        private AcquireNew() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Origin("#t") String type) {
            Custody.ruleAcquired(self, type);
        }
    }

    /** A factory named by {@code acquire CLASS.method} returned: its result holds a resource. */
    public static final class AcquireReturned {
        private AcquireReturned() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Origin("#t") String type) {
            Custody.ruleAcquired(returned, type);
        }
    }

    /**
     * A method named by {@code release CLASS.method} was entered: its receiver gives its resource back. Until it
     * returns or throws, uses of the receiver on this thread are the release's own.
     */
    public static final class Release {
        private Release() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object self, @Advice.Origin("#t") String type) {
            return Custody.ruleReleased(self, type);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object previous) {
            Custody.ruleReleaseEnded(previous);
        }
    }

    /** A method named by {@code use CLASS.method} was entered: its receiver must still hold its resource. */
    public static final class Use {
        private Use() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.This Object self, @Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
            Custody.ruleUsed(self, type, method);
        }
    }
}
