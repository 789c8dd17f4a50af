package dev.custody.agent.instrumentation.rules;

import dev.custody.agent.bootstrap.Custody;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The three rule actions: a constructor acquires, a factory's result is acquired, a method releases. */
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

    /** A method named by {@code release CLASS.method} was entered: its receiver gives its resource back. */
    public static final class Release {
        private Release() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self, @Advice.Origin("#t") String type) {
            Custody.ruleReleased(self, type);
        }
    }
}
