/** Advice for {@code Device} open and {@code ProgramCache} clears. */
package dev.custody.agent.instrumentation.device;
