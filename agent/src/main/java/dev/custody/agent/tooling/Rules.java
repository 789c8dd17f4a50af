package dev.custody.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.custody.agent.instrumentation.rules.RuleAdvice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A rules file ({@link RulesFile}) as Byte Buddy transformations: advice on the methods its acquire and release rules
 * name, so the same ledger tracks further classes ({@link RuleMethods} answers the ledger's owns and owner questions).
 * For example:
 *
 * <pre>
 * acquire java.io.FileInputStream.&lt;init&gt;     constructors acquire: the new object holds a resource
 * acquire com.example.Pool.lease              a factory: the object it returns holds a resource
 * release java.io.FileInputStream.close       the receiver gives its resource back
 * use     com.example.Lease.get               the receiver must still hold its resource (else use after release)
 * owns    com.example.Lease.isOwner           boolean, no arguments: false means "not a resource owner"
 * owner   com.example.Lease.owner             no arguments: the owner of an alias (releasing an alias is a finding)
 * </pre>
 */
final class Rules {
    static final Rules NONE = new Rules(List.of());

    private static final String ACQUIRE = RuleAdvice.AcquireNew.class.getName();
    private static final String ACQUIRE_RETURNED = RuleAdvice.AcquireReturned.class.getName();
    private static final String RELEASE = RuleAdvice.Release.class.getName();
    private static final String USE = RuleAdvice.Use.class.getName();

    private final List<RulesFile.Rule> rules;

    private Rules(List<RulesFile.Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The rules of a file already read and checked.
     *
     * @param file the rules file
     * @return its rules
     */
    static Rules of(RulesFile file) {
        return new Rules(file.rules());
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    ElementMatcher<TypeDescription> typeMatcher() {
        if (rules.isEmpty()) {
            return none();
        }
        return namedOneOf(
                rules.stream().map(RulesFile.Rule::className).distinct().toArray(String[]::new));
    }

    AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice base) {
        Map<String, List<RulesFile.Rule>> byClass = new LinkedHashMap<>();
        for (RulesFile.Rule r : rules) {
            byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<RulesFile.Rule>> e : byClass.entrySet()) {
            AgentBuilder.Transformer.ForAdvice advice = base;
            boolean any = false;
            for (RulesFile.Rule r : e.getValue()) {
                if (r.verb().equals("acquire") && r.isConstructor()) {
                    advice = advice.advice(isConstructor(), ACQUIRE);
                } else if (r.verb().equals("acquire")) {
                    advice = advice.advice(
                            named(r.method()).and(not(returns(ElementMatchers.isPrimitive()))), ACQUIRE_RETURNED);
                } else if (r.verb().equals("release")) {
                    advice = advice.advice(named(r.method()).and(not(isStatic())), RELEASE);
                } else if (r.verb().equals("use")) {
                    advice = advice.advice(named(r.method()).and(not(isStatic())), USE);
                } else {
                    continue;
                }
                any = true;
                CallSites.addRule(r.className(), r.method());
            }
            if (any) {
                builder = builder.type(named(e.getKey())).transform(advice);
            }
        }
        return builder;
    }
}
