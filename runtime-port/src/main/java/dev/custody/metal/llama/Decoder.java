package dev.custody.metal.llama;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The decode loop: per step, every layer runs rmsnorm → matmul into a DRAM KV cache → attention → softmax over a
 * view → matmul → residual add, with activations in L1 on every physical device and the host doing the arithmetic on
 * bytes read back from the devices.
 */
final class Decoder {
    /*
     * Data flow per layer (N devices, hidden H = 32·N bytes, shard S = 32 bytes):
     * x (L1 interleaved, H, on every device) → h = rmsnorm(x, gain) (L1 interleaved, H) → k_d = h · Wk[d] written
     * through a one-row view into the layer's KV cache (DRAM interleaved, steps × S, per device) → a_d = mean of the
     * cached rows (L1 width-sharded, S) → a = all-gather (host) into z (L1 interleaved, H) → softmax of z's first
     * half through a view → o_d = z · Wo[d] (L1 width-sharded, S) → x' = x + all-gather(o) (new L1 interleaved
     * buffers). Every read is checked against what was written; every buffer of the layer is freed before the next
     * one except x'. Each op first enqueues its cached program, which re-validates its CBs against L1.
     */

    /**
     * Bytes per page of interleaved L1 activations: the L1 alignment, so half of any hidden size (16·N bytes) is a
     * whole number of pages and can be viewed.
     */
    private static final long ACT_PAGE = 16;
    /** Cores a width-sharded activation is split over. */
    private static final int SHARD_CORES = 2;

    private final MeshDevice mesh;
    private final List<Device> devices;
    private final Live live;
    private final Model model;
    private final OpRunner ops;
    private final MemoryPeaks peaks;
    private final LlamaOptions options;
    private final BugInjector bugs;
    private final SplittableRandom rng;
    /** Bytes for injected bugs come from their own stream, so bugs do not change the decoded tokens. */
    private final SplittableRandom bugRng;

    private final Progress progress;
    private final int hidden;
    private final int n;
    /** KV cache per layer and device. */
    private final Buffer[][] kv;

    Decoder(
            MeshDevice mesh,
            Live live,
            Model model,
            MemoryPeaks peaks,
            LlamaOptions options,
            BugInjector bugs,
            SplittableRandom rng,
            Progress progress) {
        this.mesh = mesh;
        this.devices = mesh.getDevices();
        this.live = live;
        this.model = model;
        this.ops = new OpRunner(mesh, live);
        this.peaks = peaks;
        this.options = options;
        this.bugs = bugs;
        this.rng = rng;
        this.bugRng = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        this.progress = progress;
        this.hidden = model.hidden;
        this.n = devices.size();
        this.kv = new Buffer[model.layers][n];
        for (int l = 0; l < model.layers; l++) {
            for (int d = 0; d < n; d++) {
                kv[l][d] = live.interleaved(
                        devices.get(d), (long) options.steps() * Model.SHARD, Model.SHARD, BufferType.DRAM);
            }
        }
    }

    OpRunner ops() {
        return ops;
    }

    /**
     * Decodes {@code steps} tokens, appending the prompt token and then each decoded token to {@code tokens} as it
     * goes, and folding each step into {@code checksum[0]}.
     */
    void decode(List<Integer> tokens, long[] checksum) {
        byte[] embeddings = TtMetal.enqueueReadMeshBuffer(model.embeddings, coord(0));
        byte[] lmHead = TtMetal.enqueueReadMeshBuffer(model.lmHead, coord(n - 1));
        int token = rng.nextInt(Model.VOCAB);
        tokens.add(token);
        byte[] x = row(embeddings, token);
        Buffer[] xBufs = writeEverywhere(x);
        for (int step = 0; step < options.steps(); step++) {
            for (int layer = 0; layer < model.layers; layer++) {
                progress.update(step, options.steps(), layer, model.layers, System.nanoTime());
                injectBeforeLayer(step, layer);
                Buffer[] next = new Buffer[n];
                x = layer(layer, step, x, xBufs, next);
                xBufs = next;
            }
            token = HostMath.argmaxLogit(x, lmHead, Model.VOCAB);
            tokens.add(token);
            checksum[0] = HostMath.fnv(HostMath.fnv(checksum[0], x), token);
            freeAll(xBufs);
            x = row(embeddings, token);
            xBufs = writeEverywhere(x);
        }
        freeAll(xBufs);
    }

    private void injectBeforeLayer(int step, int layer) {
        if (step == 0 && layer == 0) {
            if (options.bugs().contains(Bug.LEAK)) {
                bugs.injectLeak(devices.get(0), Model.randomBytes(bugRng, 256));
            }
            if (options.bugs().contains(Bug.STALE_VIEW)) {
                bugs.injectStaleView(devices.get(0), Model.randomBytes(bugRng, 512), Model.randomBytes(bugRng, 512));
            }
            if (options.bugs().contains(Bug.POOL)) {
                bugs.injectPool(mesh);
            }
        }
        if (options.bugs().contains(Bug.CB_CLASH) && step == options.steps() / 2 && layer == 0) {
            long base = mesh.spec().l1UnreservedBase();
            long top = mesh.lowestOccupiedComputeL1Address().orElse(mesh.l1SizePerCore());
            // Down to 32 B above l1_unreserved_base: below the end of every program's static CBs.
            long perBank = (top - base - 32) / 16 * 16;
            bugs.injectCbClash(mesh, perBank);
        }
    }

    private byte[] layer(int l, int step, byte[] x, Buffer[] xBufs, Buffer[] next) {
        boolean firstLayerOfRun = step == 0 && l == 0;
        int s = Model.SHARD;

        ops.run(Op.RMSNORM, hidden, 1);
        for (int d = 0; d < n; d++) {
            check(TtMetal.enqueueReadBuffer(xBufs[d]), x, "x", d);
        }
        byte[] h = HostMath.rmsnorm(x, TtMetal.enqueueReadMeshBuffer(model.norm[l], coord(0)));
        Buffer[] hBufs = writeEverywhere(h);

        ops.run(Op.MATMUL, hidden, s);
        for (int d = 0; d < n; d++) {
            byte[] hd = TtMetal.enqueueReadBuffer(hBufs[d]);
            check(hd, h, "h", d);
            byte[] k = HostMath.matmul(hd, TtMetal.enqueueReadMeshBuffer(model.wk[l], coord(d)), s);
            Buffer row = live.view(kv[l][d], (long) step * s, s);
            TtMetal.enqueueWriteBuffer(row, k);
            live.release(row);
        }

        ops.run(Op.ATTENTION, options.steps(), s);
        Buffer[] aBufs = new Buffer[n];
        byte[] a = new byte[hidden];
        for (int d = 0; d < n; d++) {
            byte[] cache = TtMetal.enqueueReadBuffer(kv[l][d]);
            byte[] ad = HostMath.meanRows(cache, step + 1, s);
            aBufs[d] = live.widthSharded(devices.get(d), s, SHARD_CORES);
            TtMetal.enqueueWriteBuffer(aBufs[d], ad);
        }
        for (int d = 0; d < n; d++) {
            System.arraycopy(TtMetal.enqueueReadBuffer(aBufs[d]), 0, a, d * s, s);
        }
        Buffer[] zBufs = writeEverywhere(a);

        ops.run(Op.SOFTMAX, hidden / 2, 1);
        byte[] firstHalf = Arrays.copyOf(a, hidden / 2);
        byte[] softened = HostMath.softmax(firstHalf);
        for (int d = 0; d < n; d++) {
            Buffer half = live.view(zBufs[d], 0, hidden / 2);
            check(TtMetal.enqueueReadBuffer(half), firstHalf, "view of z", d);
            TtMetal.enqueueWriteBuffer(half, softened);
            if (firstLayerOfRun && d == 0 && options.bugs().contains(Bug.ALIAS_FREE)) {
                bugs.injectAliasFree(half);
            }
            live.release(half);
        }
        byte[] z = a.clone();
        System.arraycopy(softened, 0, z, 0, softened.length);

        ops.run(Op.MATMUL, hidden, s);
        Buffer[] oBufs = new Buffer[n];
        byte[] o = new byte[hidden];
        for (int d = 0; d < n; d++) {
            byte[] zd = TtMetal.enqueueReadBuffer(zBufs[d]);
            check(zd, z, "z", d);
            byte[] od = HostMath.matmul(zd, TtMetal.enqueueReadMeshBuffer(model.wo[l], coord(d)), s);
            oBufs[d] = live.widthSharded(devices.get(d), s, SHARD_CORES);
            TtMetal.enqueueWriteBuffer(oBufs[d], od);
        }

        ops.run(Op.ADD, hidden, 1);
        for (int d = 0; d < n; d++) {
            System.arraycopy(TtMetal.enqueueReadBuffer(oBufs[d]), 0, o, d * s, s);
        }
        byte[] xNext = HostMath.add(x, o);
        Buffer[] written = writeEverywhere(xNext);
        System.arraycopy(written, 0, next, 0, n);
        peaks.sample();

        if (firstLayerOfRun && options.bugs().contains(Bug.DOUBLE_FREE)) {
            TtMetal.deallocateBuffer(hBufs[0]);
            bugs.injectDoubleFree(hBufs[0]);
            live.release(hBufs[0]);
            hBufs[0] = null;
        }
        freeAll(hBufs);
        freeAll(aBufs);
        freeAll(zBufs);
        freeAll(oBufs);
        freeAll(xBufs);
        return xNext;
    }

    /** Writes {@code data} into a new L1 interleaved buffer on every device and checks one read back. */
    private Buffer[] writeEverywhere(byte[] data) {
        Buffer[] bufs = new Buffer[n];
        for (int d = 0; d < n; d++) {
            bufs[d] = live.interleaved(devices.get(d), data.length, ACT_PAGE, BufferType.L1);
            TtMetal.enqueueWriteBuffer(bufs[d], data);
        }
        return bufs;
    }

    /** Frees and releases each buffer; null slots were already handled. */
    private void freeAll(Buffer[] bufs) {
        for (Buffer b : bufs) {
            if (b != null) {
                live.free(b);
            }
        }
    }

    private MeshCoordinate coord(int index) {
        return new MeshCoordinate(
                index / mesh.shape().cols(), index % mesh.shape().cols());
    }

    private static byte[] row(byte[] table, int token) {
        int width = table.length / Model.VOCAB;
        return Arrays.copyOfRange(table, token * width, (token + 1) * width);
    }

    private static void check(byte[] read, byte[] written, String what, int device) {
        if (!Arrays.equals(read, written)) {
            throw new IllegalStateException(
                    "read of " + what + " on device " + device + " did not return the bytes written to it");
        }
    }
}
