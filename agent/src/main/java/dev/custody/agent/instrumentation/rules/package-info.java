/**
 * Advice for classes named in a rules file. Inlined into any class, JDK classes included, so it uses JDK types
 * only and calls nothing but {@link dev.custody.agent.bootstrap.Custody}.
 */
package dev.custody.agent.instrumentation.rules;
