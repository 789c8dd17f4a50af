package dev.custody.agent.tooling;

import dev.custody.agent.ledger.RuleIntrospector;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rules file's predicates, answered by calling the methods its {@code owns} and {@code owner} rules name. JDK types
 * only, so that a run whose transformations come from the cache never loads Byte Buddy for them.
 */
final class RuleMethods implements RuleIntrospector {
    private final Map<String, String> ownsMethods = new LinkedHashMap<>();
    private final Map<String, String> ownerMethods = new LinkedHashMap<>();
    private final Map<String, Method> resolved = new ConcurrentHashMap<>();
    private final boolean tracksUse;

    RuleMethods(RulesFile file) {
        this.tracksUse = file.tracksUse();
        for (RulesFile.Rule r : file.rules()) {
            if (r.verb().equals("owns")) {
                ownsMethods.put(r.className(), r.method());
            } else if (r.verb().equals("owner")) {
                ownerMethods.put(r.className(), r.method());
            }
        }
    }

    /**
     * {@inheritDoc} True unless an {@code owns} rule names a method of the resource's class (or a superclass) that
     * returns false.
     *
     * @throws IllegalStateException if the named method is missing or throws
     */
    @Override
    public boolean owns(Object resource) {
        Object answer = call(resource, ownsMethods);
        return !(answer instanceof Boolean b) || b;
    }

    /**
     * {@inheritDoc} What the method an {@code owner} rule names returns, or null when no rule names one.
     *
     * @throws IllegalStateException if the named method is missing or throws
     */
    @Override
    public Object owner(Object resource) {
        return call(resource, ownerMethods);
    }

    @Override
    public boolean tracksUse() {
        return tracksUse;
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
