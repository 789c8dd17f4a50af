/**
 * The agent's entry points: {@link dev.custody.agent.CustodyAgent} (Premain-Class and Agent-Class: parse the
 * options, install, never throw) and {@link dev.custody.agent.LauncherAgent} (Launcher-Agent-Class of the command
 * line), and {@code BootLoaderClasses}, which defines the bootstrap package in the boot class loader when a rules file
 * names a JDK class. Everything else lives in the subpackages, split by class loader (see docs/ARCHITECTURE.md).
 */
package dev.custody.agent;
