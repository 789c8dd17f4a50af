package dev.custody.metal;

/** Command-line entry point of the runtime port. */
public final class Main {
    private Main() {}

    /**
     * Runs a command of the port.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.out.println("runtime-port: placeholder");
    }
}
