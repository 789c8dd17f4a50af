package dev.custody.agent;

import dev.custody.agent.tooling.Libraries;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defines {@code dev.custody.agent.bootstrap} in the boot class loader, so that advice inlined into JDK classes (a
 * rules file naming {@code java.io.FileInputStream}) can call it. Must run before any class of that package is loaded
 * from the agent jar.
 */
final class BootLoaderClasses {
    /*
     * Design. Instrumentation.appendToBootstrapClassLoaderSearch would do it, but once the boot class path has been
     * appended HotSpot prints "Sharing is only supported for boot loader classes because bootstrap classpath has been
     * appended" on the application's stderr and stops sharing the CDS archive's classes of the other loaders for the
     * whole run. Instead the package's class files are read from the agent jar and defined in the boot loader itself
     * (jdk.internal.misc.Unsafe.defineClass with a null loader), which the instrumentation exports to this module for
     * the purpose (redefineModule, the supported way for an agent to reach into java.base; no warning on JDK 17 or
     * 25). The boot loader then finds them by name like any class it defined: the JDK classes' advice resolves them,
     * and the application class loader, which asks its parents first, hands the same classes to the agent's other
     * packages. A class is defined only after its supertypes: the package is small, so a class whose supertype is not
     * there yet is tried again after the others.
     */
    static final String PACKAGE = "dev.custody.agent.bootstrap";

    private static final String UNSAFE = "jdk.internal.misc.Unsafe";

    private BootLoaderClasses() {}

    /**
     * Defines the bootstrap package in the boot class loader; does nothing when it is there already (an earlier load
     * of the agent in this JVM defined it).
     *
     * @param inst the JVM's instrumentation
     * @throws IllegalStateException if the agent jar cannot be read (it names the jar and what to do) or the JVM
     *     refuses a definition (it names the classes left undefined)
     */
    static void define(Instrumentation inst) {
        if (defined()) {
            return;
        }
        Map<String, byte[]> classes;
        try {
            classes = Libraries.bootstrapClasses();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the agent's bootstrap classes, which rules naming JDK classes need: " + e.getMessage(),
                    e);
        }
        Object unsafe;
        Method define;
        try {
            inst.redefineModule(
                    Object.class.getModule(),
                    Set.of(),
                    Map.of("jdk.internal.misc", Set.of(BootLoaderClasses.class.getModule())),
                    Map.of(),
                    Set.of(),
                    Map.of());
            Class<?> type = Class.forName(UNSAFE);
            unsafe = type.getMethod("getUnsafe").invoke(null);
            define = type.getMethod(
                    "defineClass",
                    String.class,
                    byte[].class,
                    int.class,
                    int.class,
                    ClassLoader.class,
                    ProtectionDomain.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach " + UNSAFE + ".defineClass to put the agent's bootstrap classes, which rules naming"
                            + " JDK classes need, in the boot class loader: " + e
                            + "; this JDK is not one the agent supports (17 to 25); name application classes only",
                    e);
        }
        defineInOrder(classes, unsafe, define);
    }

    /** Whether the package is in the boot loader already. */
    private static boolean defined() {
        try {
            Class.forName(PACKAGE + ".Custody", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void defineInOrder(Map<String, byte[]> classes, Object unsafe, Method define) {
        Map<String, byte[]> pending = new LinkedHashMap<>(classes);
        while (!pending.isEmpty()) {
            int before = pending.size();
            Throwable missing = null;
            for (Iterator<Map.Entry<String, byte[]>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> c = it.next();
                try {
                    define.invoke(unsafe, c.getKey(), c.getValue(), 0, c.getValue().length, null, null);
                    it.remove();
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) {
                        throw refused(pending, e.getCause());
                    }
                    // A supertype of this class is not defined yet: the next round tries again.
                    missing = e.getCause();
                } catch (IllegalAccessException e) {
                    throw refused(pending, e);
                }
            }
            if (pending.size() == before) {
                throw refused(pending, missing);
            }
        }
    }

    private static IllegalStateException refused(Map<String, byte[]> pending, Throwable cause) {
        return new IllegalStateException(
                "the boot class loader refused the agent's bootstrap classes " + pending.keySet() + ": " + cause
                        + "; rebuild the agent with mvn package",
                cause);
    }
}
