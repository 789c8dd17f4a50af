/**
 * The reports: ASan/LSan-shaped text ({@link dev.custody.agent.report.TextReport}) and JSON lines
 * ({@link dev.custody.agent.report.JsonlReport}), both ending with the allocation server's
 * {@code 📊 Final Statistics:} block per device and buffer type.
 */
package dev.custody.agent.report;
