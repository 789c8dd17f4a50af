package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.ledger.Snapshot;
import dev.custody.agent.ledger.SnapshotSource;
import dev.custody.agent.report.JsonlReport;
import dev.custody.agent.report.TextReport;
import dev.custody.agent.wire.ProcessIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The shutdown hook: prints the report ({@code report=exit}), then turns agent errors ({@code strict=true})
 * and findings ({@code failOnLeak=true}) into the exit status with {@link Runtime#halt(int)}.
 */
final class ExitReport implements Runnable {
    private final AgentOptions options;
    private final SnapshotSource source;
    private final ServerListener server;

    ExitReport(AgentOptions options, SnapshotSource source, ServerListener server) {
        this.options = options;
        this.source = source;
        this.server = server;
    }

    @Override
    public void run() {
        Snapshot snapshot;
        try {
            snapshot = source.exitSnapshot();
        } catch (RuntimeException e) {
            AgentErrors.record(e);
            System.err.println("custody: the exit report failed: " + e);
            finish(null);
            return;
        }
        if (options.reportAtExit()) {
            long pid = ProcessIds.current();
            String text = options.jsonl() ? JsonlReport.render(snapshot, pid) : TextReport.render(snapshot, pid);
            if (options.out() == null) {
                System.err.print(text);
                System.err.flush();
            } else {
                try {
                    Files.writeString(options.out(), text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    System.err.println("custody: cannot write the report to out=" + options.out() + ": " + e
                            + "; printing it here instead");
                    System.err.print(text);
                }
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("custody: closing the allocation server connection failed: " + e);
            }
        }
        finish(snapshot);
    }

    private void finish(Snapshot snapshot) {
        long errors = AgentErrors.adviceErrors() + AgentErrors.transformErrors();
        if (options.strict() && errors > 0) {
            Throwable first = AgentErrors.firstAdviceError();
            String firstText = first != null ? String.valueOf(first) : AgentErrors.firstTransformError();
            System.err.println("custody: strict=true and the agent had " + errors + " internal errors (first: "
                    + firstText + "); failing the run with exit status " + AgentOptions.EXIT_AGENT_ERROR);
            System.err.flush();
            Runtime.getRuntime().halt(AgentOptions.EXIT_AGENT_ERROR);
        }
        if (options.failOnLeak()
                && (errors > 0 || snapshot == null || !snapshot.findings().isEmpty())) {
            System.err.println("custody: failOnLeak=true and the run had "
                    + (snapshot == null ? 0 : snapshot.findings().size()) + " findings and " + errors
                    + " agent errors; exit status " + AgentOptions.EXIT_FINDINGS);
            System.err.flush();
            Runtime.getRuntime().halt(AgentOptions.EXIT_FINDINGS);
        }
    }
}
