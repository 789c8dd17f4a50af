package dev.custody.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.custody.agent.instrumentation.rules.RuleAdvice;
import dev.custody.agent.ledger.RuleIntrospector;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A rules file: further classes tracked by the same ledger. One rule per line, {@code #} starts a comment:
 *
 * <pre>
 * acquire java.io.FileInputStream.&lt;init&gt;     constructors acquire: the new object holds a resource
 * acquire com.example.Pool.lease              a factory: the object it returns holds a resource
 * release java.io.FileInputStream.close       the receiver gives its resource back
 * owns    com.example.Lease.isOwner           boolean, no arguments: false means "not a resource owner"
 * owner   com.example.Lease.owner             no arguments: the owner of an alias (releasing an alias is a finding)
 * </pre>
 */
final class Rules implements RuleIntrospector {
    static final Rules NONE = new Rules(List.of());

    private static final String NEW = "<init>";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String ACQUIRE = RuleAdvice.AcquireNew.class.getName();
    private static final String ACQUIRE_RETURNED = RuleAdvice.AcquireReturned.class.getName();
    private static final String RELEASE = RuleAdvice.Release.class.getName();

    /** One line: verb, class (binary name) and method. */
    record Rule(String verb, String className, String method) {}

    private final List<Rule> rules;
    private final Map<String, String> ownsMethods = new LinkedHashMap<>();
    private final Map<String, String> ownerMethods = new LinkedHashMap<>();
    private final Map<String, Method> resolved = new ConcurrentHashMap<>();

    private Rules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        for (Rule r : rules) {
            if (r.verb.equals("owns")) {
                ownsMethods.put(r.className, r.method);
            } else if (r.verb.equals("owner")) {
                ownerMethods.put(r.className, r.method);
            }
        }
    }

    /**
     * Reads a rules file.
     *
     * @param file the file
     * @return the rules
     * @throws IllegalArgumentException naming the file, the line number and the rule broken
     */
    static Rules load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("custody: rules=" + file + " cannot be read: " + e);
        }
        return parse(file.toString(), lines);
    }

    static Rules parse(String name, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = WHITESPACE.split(text);
            String where = "custody: rules " + name + " line " + (i + 1) + ": ";
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + "'" + text + "' is not 'VERB CLASS.METHOD'");
            }
            String verb = parts[0];
            if (!List.of("acquire", "release", "owns", "owner").contains(verb)) {
                throw new IllegalArgumentException(
                        where + "verb '" + verb + "' is not acquire, release, owns or owner");
            }
            int dot = parts[1].lastIndexOf('.');
            if (dot <= 0 || dot == parts[1].length() - 1) {
                throw new IllegalArgumentException(
                        where + "'" + parts[1] + "' is not CLASS.METHOD (e.g. java.io.FileInputStream.close)");
            }
            String method = parts[1].substring(dot + 1);
            if (method.equals(NEW) && !verb.equals("acquire")) {
                throw new IllegalArgumentException(where + "only acquire may name constructors (<init>)");
            }
            rules.add(new Rule(verb, parts[1].substring(0, dot), method));
        }
        return new Rules(rules);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    ElementMatcher<TypeDescription> typeMatcher() {
        if (rules.isEmpty()) {
            return none();
        }
        return namedOneOf(rules.stream().map(Rule::className).distinct().toArray(String[]::new));
    }

    AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice base) {
        Map<String, List<Rule>> byClass = new LinkedHashMap<>();
        for (Rule r : rules) {
            byClass.computeIfAbsent(r.className, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Rule>> e : byClass.entrySet()) {
            AgentBuilder.Transformer.ForAdvice advice = base;
            boolean any = false;
            for (Rule r : e.getValue()) {
                if (r.verb.equals("acquire") && r.method.equals(NEW)) {
                    advice = advice.advice(isConstructor(), ACQUIRE);
                } else if (r.verb.equals("acquire")) {
                    advice = advice.advice(
                            named(r.method).and(not(returns(ElementMatchers.isPrimitive()))), ACQUIRE_RETURNED);
                } else if (r.verb.equals("release")) {
                    advice = advice.advice(named(r.method).and(not(isStatic())), RELEASE);
                } else {
                    continue;
                }
                any = true;
                CallSites.addRule(r.className, r.method);
            }
            if (any) {
                builder = builder.type(named(e.getKey())).transform(advice);
            }
        }
        return builder;
    }

    @Override
    public boolean owns(Object resource) {
        Object answer = call(resource, ownsMethods);
        return !(answer instanceof Boolean b) || b;
    }

    @Override
    public Object owner(Object resource) {
        return call(resource, ownerMethods);
    }

    private Object call(Object resource, Map<String, String> methods) {
        if (methods.isEmpty()) {
            return null;
        }
        for (Class<?> c = resource.getClass(); c != null; c = c.getSuperclass()) {
            String name = methods.get(c.getName());
            if (name == null) {
                continue;
            }
            try {
                Method m = resolved.computeIfAbsent(c.getName() + "#" + name, k -> find(resource.getClass(), name));
                return m.invoke(resource);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(
                        "rules: " + c.getName() + "." + name + "() failed on " + resource + ": " + e, e);
            }
        }
        return null;
    }

    private static Method find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // try the superclass
            }
        }
        throw new IllegalStateException("rules: " + type.getName() + " has no method " + name + "() without arguments");
    }
}
