package dev.custody.metal.llama;

/**
 * The arithmetic of the toy decoder, on signed bytes with integer rounding so every run of a seed is bit-identical.
 * The numbers mean nothing; they only make every byte the job writes depend on bytes it read back.
 */
final class HostMath {
    private HostMath() {}

    static byte clamp(long v) {
        return (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, v));
    }

    /** Scales {@code x} by the inverse of its root mean square, times the gain {@code g}. */
    static byte[] rmsnorm(byte[] x, byte[] g) {
        long sumSquares = 0;
        for (byte v : x) {
            sumSquares += v * v;
        }
        long rms = (long) Math.sqrt((double) sumSquares / x.length) + 1;
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = clamp(x[i] * (long) g[i] * 2 / (rms * 4));
        }
        return out;
    }

    /** {@code x · w} for a row-major {@code w} of {@code x.length} rows and {@code cols} columns. */
    static byte[] matmul(byte[] x, byte[] w, int cols) {
        long[] acc = new long[cols];
        for (int i = 0; i < x.length; i++) {
            int xi = x[i];
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                acc[j] += xi * w[row + j];
            }
        }
        byte[] out = new byte[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = clamp(acc[j] >> 11);
        }
        return out;
    }

    /** The mean of the first {@code rows} rows of a row-major cache of {@code cols}-byte rows. */
    static byte[] meanRows(byte[] cache, int rows, int cols) {
        byte[] out = new byte[cols];
        for (int j = 0; j < cols; j++) {
            long sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += cache[r * cols + j];
            }
            out[j] = clamp(sum / rows);
        }
        return out;
    }

    /** Rescales {@code v} to {@code 0..127}, a monotone stand-in for softmax. */
    static byte[] softmax(byte[] v) {
        int min = Byte.MAX_VALUE;
        int max = Byte.MIN_VALUE;
        for (byte b : v) {
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = clamp((v[i] - min) * 127L / (max - min + 1));
        }
        return out;
    }

    static byte[] add(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = clamp(a[i] + b[i]);
        }
        return out;
    }

    /** The row of the row-major {@code vocab × x.length} embedding table with the largest dot product with x. */
    static int argmaxLogit(byte[] x, byte[] embeddings, int vocab) {
        int best = 0;
        long bestLogit = Long.MIN_VALUE;
        for (int t = 0; t < vocab; t++) {
            long logit = 0;
            int row = t * x.length;
            for (int i = 0; i < x.length; i++) {
                logit += x[i] * embeddings[row + i];
            }
            if (logit > bestLogit) {
                bestLogit = logit;
                best = t;
            }
        }
        return best;
    }

    /** FNV-1a, folding {@code data} into {@code hash}. */
    static long fnv(long hash, byte[] data) {
        long h = hash;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long fnv(long hash, int value) {
        long h = hash;
        for (int shift = 0; shift < 32; shift += 8) {
            h ^= (value >>> shift) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static final long FNV_OFFSET = 0xcbf29ce484222325L;
}
