package dev.custody.metal.llama;

import dev.custody.metal.TtException;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The main job: an LLaMA-like decode loop on a simulated mesh, exercising every ownership path of the port (owning,
 * at-address and view buffers, replicated and sharded mesh buffers, cached programs with CBs, pools and kernel
 * binaries), optionally with injected ownership bugs.
 *
 * <p>A clean run frees every buffer, clears the program cache, checks every allocator is back to zero and closes the
 * mesh and its devices. Whatever happens, the mesh is closed before {@link #run} returns.
 */
public final class LlamaJob {
    private LlamaJob() {}

    /**
     * Runs the {@code llama} command.
     *
     * @param args the options after {@code llama}
     * @param out where the summary goes
     * @param err where errors, usage and the progress line go
     * @return the exit status: 0 done, 1 a TT-Metal error ended the run, 2 bad options
     */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.println(LlamaOptions.USAGE);
                return 0;
            }
        }
        LlamaOptions options;
        try {
            options = LlamaOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("llama: " + e.getMessage());
            err.println(LlamaOptions.USAGE);
            return 2;
        }
        return run(options, out, err).exitStatus();
    }

    /**
     * Runs the decode loop in this JVM.
     *
     * @param options the options
     * @param out where the summary and bug observations go (nothing with {@code --quiet})
     * @param err where a TT-Metal error and the progress line go
     * @return what the run did; its mesh is closed
     * @throws IllegalStateException if a read does not return what was written (a port bug, not an injected one)
     */
    public static LlamaResult run(LlamaOptions options, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        MeshDevice mesh =
                MeshDevice.create(new MeshShape(options.meshRows(), options.meshCols()), options.deviceSpec());
        mesh.programCache().enable();
        Live live = new Live();
        List<String> observations = new ArrayList<>();
        BugInjector bugs = new BugInjector(live, observations);
        MemoryPeaks peaks = new MemoryPeaks(mesh);
        boolean showProgress = !options.quiet() && (options.progress() || Progress.stderrIsTerminal());
        Progress progress = new Progress(err, showProgress, start);
        SplittableRandom rng = new SplittableRandom(options.seed());
        List<Integer> tokens = new ArrayList<>();
        long[] checksum = {HostMath.FNV_OFFSET};
        int status = 0;
        String error = null;
        OpRunner ops = null;
        OptionalLong atClose;
        try {
            Model model = Model.load(mesh, live, rng, options.layers());
            peaks.sample();
            Decoder decoder = new Decoder(mesh, live, model, peaks, options, bugs, rng, progress);
            ops = decoder.ops();
            decoder.decode(tokens, checksum);
        } catch (TtException e) {
            progress.finish();
            error = e.getMessage();
            err.println("TtException: " + error);
            status = 1;
        } finally {
            progress.finish();
            atClose = teardown(mesh, live, options, bugs);
        }
        long wall = System.nanoTime() - start;
        LlamaResult result = new LlamaResult(
                status, tokens, checksum[0], live.created(), peaks.peaks(), atClose, observations, error, mesh, wall);
        if (!options.quiet()) {
            printSummary(out, options, result, ops);
        }
        return result;
    }

    /**
     * Releases everything the job still holds, clears the program cache, measures what is left and closes the mesh.
     * With {@code mesh-closed-first} the mesh is closed first and the release takes the mesh-gone path.
     */
    private static OptionalLong teardown(MeshDevice mesh, Live live, LlamaOptions options, BugInjector bugs) {
        if (options.bugs().contains(Bug.MESH_CLOSED_FIRST)) {
            List<MeshBuffer> meshBuffers = live.liveMeshBuffers();
            bugs.injectMeshClosedFirst(mesh, meshBuffers);
            live.releaseAll();
            bugs.reportMeshGone(meshBuffers);
        }
        live.releaseAll();
        OptionalLong atClose = OptionalLong.empty();
        if (!mesh.isClosed()) {
            mesh.programCache().disableAndClear();
            atClose = OptionalLong.of(MemoryPeaks.allocatedNow(mesh));
        }
        mesh.close();
        return atClose;
    }

    private static void printSummary(PrintStream out, LlamaOptions o, LlamaResult r, OpRunner ops) {
        for (String line : r.observations()) {
            out.println(line);
        }
        out.printf(
                Locale.ROOT,
                "llama: %dx%d %s mesh, %d layers, %d steps, seed %d%n",
                o.meshRows(),
                o.meshCols(),
                o.arch().name().toLowerCase(Locale.ROOT),
                o.layers(),
                o.steps(),
                o.seed());
        StringBuilder tokens = new StringBuilder();
        for (int t : r.tokens()) {
            tokens.append(tokens.length() == 0 ? "" : " ").append(t);
        }
        out.println("tokens: " + tokens);
        out.printf(Locale.ROOT, "checksum: %016x%n", r.checksum());
        if (ops != null) {
            out.printf(Locale.ROOT, "programs: %d built, %d enqueued%n", ops.programsBuilt(), ops.enqueues());
        }
        out.println("buffers created: " + r.buffersCreated());
        out.println("peak allocated per bank (DRAM / L1):");
        for (MemoryPeak p : r.peaks()) {
            out.printf(Locale.ROOT, "  %-10s %,14d B / %,10d B%n", p.device(), p.dramBytes(), p.l1Bytes());
        }
        if (r.allocatedAtClose().isEmpty()) {
            out.println("allocated at close: unknown (the mesh was closed before its buffers were freed)");
        } else if (r.allocatedAtClose().getAsLong() == 0) {
            out.println("allocated at close: 0 B (every allocator back to zero)");
        } else {
            out.printf(
                    Locale.ROOT,
                    "allocated at close: %,d B per bank still allocated%n",
                    r.allocatedAtClose().getAsLong());
        }
        long closed =
                r.mesh().getDevices().stream().filter(d -> !d.isInitialized()).count();
        out.printf(Locale.ROOT, "devices closed: %d/%d%n", closed, r.mesh().numDevices());
        out.printf(Locale.ROOT, "wall time: %.2f s%n", r.wallNanos() / 1e9);
    }
}
