/**
 * The agent's entry points: {@link dev.custody.agent.CustodyAgent} (Premain-Class and Agent-Class: parse the
 * options, install, never throw) and {@link dev.custody.agent.LauncherAgent} (Launcher-Agent-Class of the command
 * line). Everything else lives in the subpackages, split by class loader (see docs/ARCHITECTURE.md).
 */
package dev.custody.agent;
