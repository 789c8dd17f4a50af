package dev.custody.metal.device;

/** Device architectures the port models ({@code tt::ARCH}). */
public enum Arch {
    /** Wormhole B0 (n150, n300, T3K, Galaxy). */
    WORMHOLE_B0(2),
    /** Blackhole (p100, p150). */
    BLACKHOLE(3);

    private final int value;

    Arch(int value) {
        this.value = value;
    }

    /** {@return the upstream {@code tt::ARCH} value, used as {@code arch_type} on the wire} */
    public int value() {
        return value;
    }
}
