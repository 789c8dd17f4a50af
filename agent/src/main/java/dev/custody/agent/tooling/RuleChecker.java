package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.AgentErrors;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks each rule against the class it names when that class is loaded (or retransformed): a rule whose method the
 * class does not declare, or declares in a shape the rule cannot use, would track nothing without a word. Such a rule
 * is printed with what to do and counted as an agent error ({@code strict=true} fails the run). Transforms nothing.
 */
final class RuleChecker implements ClassFileTransformer {
    /*
     * Design. Advice goes on the methods a class declares, so "release com.example.MyStream.close", where close is
     * inherited from FilterInputStream, instruments nothing; a typo in a method name does the same. The check needs
     * the class's methods without loading anything (it runs inside class loading, and in a run whose transformations
     * come from the cache Byte Buddy is never loaded), so it reads the class file's method table itself: the
     * constant pool, then each method's access flags, name and descriptor. It is registered before the transformer
     * that instruments, so it sees the class file as the class loader read it.
     */
    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;

    private final String file;
    /** The rules by the internal name of the class they name. */
    private final Map<String, List<RulesFile.Rule>> byClass = new HashMap<>();

    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    RuleChecker(RulesFile rules) {
        this.file = rules.name();
        for (RulesFile.Rule r : rules.rules()) {
            byClass.computeIfAbsent(r.className().replace('.', '/'), k -> new ArrayList<>())
                    .add(r);
        }
    }

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        List<RulesFile.Rule> rules = className == null ? null : byClass.get(className);
        if (rules == null || !checked.add(className)) {
            return null;
        }
        try {
            List<Method> methods = methods(classfileBuffer);
            for (RulesFile.Rule r : rules) {
                String problem = problem(r, methods);
                if (problem != null) {
                    String message = "custody: rules " + file + ": '" + r.verb() + " " + r.className() + "."
                            + r.method() + "' tracks nothing: " + problem;
                    System.err.println(message);
                    AgentErrors.recordTransform(r.className(), new IllegalArgumentException(message));
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable class file is the instrumenting transformer's to report; the check just stays silent.
        }
        return null;
    }

    /** One method of a class file. */
    record Method(int access, String name, String descriptor) {}

    /**
     * Returns what is wrong with {@code rule} for a class declaring {@code methods}, or null if the rule applies.
     *
     * @param rule a rule naming the class
     * @param methods the class's declared methods and constructors
     * @return the problem and what to do, or null
     */
    static String problem(RulesFile.Rule rule, List<Method> methods) {
        String name = rule.method();
        String cls = rule.className();
        List<Method> named = new ArrayList<>();
        for (Method m : methods) {
            if (m.name().equals(name)) {
                named.add(m);
            }
        }
        if (named.isEmpty()) {
            return name.equals("<init>")
                    ? cls + " declares no constructor (an interface?); name a class that can be instantiated"
                    : cls + " declares no method " + name + " (rules instrument the methods a class declares, not the"
                            + " ones it inherits); check the spelling, or name the class that declares " + name;
        }
        // Loops, not streams: this runs at start-up, where each lambda is a class spun at run time.
        boolean anyBody = false;
        for (Method m : named) {
            anyBody |= (m.access() & (ACC_ABSTRACT | ACC_NATIVE)) == 0;
        }
        if (!anyBody && !rule.verb().equals("owns") && !rule.verb().equals("owner")) {
            return "every " + name + " of " + cls + " is abstract or native, and advice needs a method body; name the"
                    + " class that implements " + name;
        }
        boolean anyReturnsObject = false;
        boolean anyInstance = false;
        boolean anyNoArgInstance = false;
        for (Method m : named) {
            boolean instance = (m.access() & ACC_STATIC) == 0;
            anyReturnsObject |= !returnsPrimitive(m.descriptor());
            anyInstance |= instance;
            anyNoArgInstance |= instance && m.descriptor().startsWith("()");
        }
        switch (rule.verb()) {
            case "acquire" -> {
                if (!name.equals("<init>") && !anyReturnsObject) {
                    return "every " + name + " of " + cls + " returns a primitive or void; an acquire method must"
                            + " return the object that holds the resource (or name <init> for constructors)";
                }
            }
            case "release", "use" -> {
                if (!anyInstance) {
                    return "every " + name + " of " + cls + " is static; " + rule.verb()
                            + " needs the resource as the receiver: name an instance method";
                }
            }
            default -> {
                // owns and owner: called without arguments on each resource.
                if (!anyNoArgInstance) {
                    return cls + " declares no instance method " + name + "() without arguments, which " + rule.verb()
                            + " calls on each resource";
                }
            }
        }
        return null;
    }

    private static boolean returnsPrimitive(String descriptor) {
        char r = descriptor.charAt(descriptor.indexOf(')') + 1);
        return r != 'L' && r != '[';
    }

    /**
     * Reads the declared methods (and constructors) of a class file.
     *
     * @param classFile the bytes of a class file
     * @return its methods, in the file's order
     * @throws IOException if the bytes end early or hold an unknown constant
     */
    static List<Method> methods(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt(); // magic
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        in.skipNBytes(6); // access, this, super
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        members(in, null, utf8); // fields
        List<Method> methods = new ArrayList<>();
        members(in, methods, utf8);
        return methods;
    }

    /** Reads a field or method table, adding methods to {@code out} when it is not null. */
    private static void members(DataInputStream in, List<Method> out, String[] utf8) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            int access = in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipNBytes(2);
                in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
            }
            if (out != null) {
                out.add(new Method(access, name, descriptor));
            }
        }
    }
}
