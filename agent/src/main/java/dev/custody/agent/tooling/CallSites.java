package dev.custody.agent.tooling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which calls get a site: calls into the port's ownership API (by owner-class prefix and method name), plus
 * the acquire and release methods a rules file names.
 */
final class CallSites {
    private static final String PORT = "dev/custody/metal/";
    private static final Set<String> PORT_METHODS = Set.of(
            "create",
            "createAt",
            "view",
            "close",
            "deallocate",
            "markAsDeallocated",
            "address",
            "open",
            "addBuffer",
            "releaseBuffers",
            "clear",
            "disableAndClear",
            "insert",
            "enqueueProgram",
            "enqueueMeshWorkload",
            "enqueueReadBuffer",
            "enqueueWriteBuffer",
            "enqueueReadMeshBuffer",
            "enqueueWriteMeshBuffer",
            "createBuffer",
            "deallocateBuffer",
            "deallocateBuffers",
            "allocateBuffer",
            "assignGlobalBufferToProgram",
            "createCircularBuffer",
            "allocateCircularBuffers",
            "validateCircularBufferRegion",
            "compile",
            "loadBinaries",
            "allocateKernelBinBufOnDevice");

    /** "owner#name" of rules-file methods (internal owner names). */
    private static final Set<String> RULES = ConcurrentHashMap.newKeySet();

    /** Internal-name prefixes of classes never transformed (unless a rules file names them). */
    static final List<String> IGNORED = List.of(
            "net/bytebuddy/",
            "dev/custody/agent/",
            "java/",
            "javax/",
            "jdk/",
            "sun/",
            "com/sun/",
            "org/junit/",
            "org/apache/maven/");

    private CallSites() {}

    /** Returns whether a call (internal owner name) is one of the port's ownership API. */
    static boolean isPortCall(String owner, String name) {
        return owner.startsWith(PORT) && PORT_METHODS.contains(name);
    }

    /**
     * Returns whether a call is a {@code close()} of any type: through {@code AutoCloseable}, {@code Closeable} or an
     * application interface it may close a port object, so it gets a site like a call of the port.
     */
    static boolean isCloseCall(String name, String descriptor) {
        return name.equals("close") && descriptor.equals("()V");
    }

    /** Returns whether a call (internal owner name) is an acquire or release method a rules file names. */
    static boolean isRuleCall(String owner, String name) {
        return !RULES.isEmpty() && RULES.contains(owner + "#" + name);
    }

    /** Returns whether the call is the application asking a buffer for its address (checked at the call site). */
    static boolean isAddressCall(String owner, String name, String descriptor) {
        return name.equals("address") && descriptor.equals("()J") && owner.equals("dev/custody/metal/buffer/Buffer");
    }

    /** Returns whether a class (internal name) is the JDK's or otherwise one of {@link #IGNORED}'s prefixes. */
    static boolean isJdk(String internalName) {
        for (String prefix : IGNORED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static void addRule(String binaryClassName, String method) {
        RULES.add(binaryClassName.replace('.', '/') + "#" + method);
    }

    /**
     * Returns whether a class (binary name) is part of the port's runtime, which never gets sites itself: every
     * class of the port except its command line ({@code Main}) and the demo application ({@code llama}). The
     * runtime's own helpers (BufferPages, BufferTransfer, …) call {@code Buffer.address()} once per read; giving
     * them sites would put the runtime's own lines in reports instead of the application's call, and run the
     * address check for every page moved.
     */
    static boolean isRuntime(String name) {
        return name.startsWith("dev.custody.metal.")
                && !name.startsWith("dev.custody.metal.llama.")
                && !name.equals("dev.custody.metal.Main");
    }
}
