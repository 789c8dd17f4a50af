package dev.custody.agent.monitor;

/** Small helpers for the monitors' hand-written option parsing. */
final class Args {
    private Args() {}

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int number(String option, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + v + " must be a whole number in " + min + ".." + max);
    }
}
