/**
 * Agent plumbing that runs in the system class loader: option parsing ({@link
 * dev.custody.agent.tooling.AgentOptions}), the Byte Buddy {@code AgentBuilder} setup ({@link
 * dev.custody.agent.tooling.AgentInstaller}), the call-site visitor, the errors-only listener, the exit report
 * and the rules file.
 */
package dev.custody.agent.tooling;
