/**
 * tt-metal's own memory reports. Ports {@code tt_metal/detail/reports/memory_reporter.cpp}:
 * {@code DumpDeviceMemoryState(device, prefix)} → {@link dev.custody.metal.report.MemoryReporter#dumpDeviceMemoryState}
 * (also {@code TtMetal.dumpDeviceMemoryState}). The per-program reports of {@code EnableMemoryReports} are not
 * ported.
 *
 * <p>File contents follow spec §7.1 byte for byte: rows start with an empty "Program ID" column (a leading comma),
 * headers omit the optional "Program ID" label, values of the summary are per bank and those of the detailed report
 * are per bank × banks. Lines end in {@code \n}.
 */
package dev.custody.metal.report;
