/** The command line of {@code java -jar custody-agent.jar}: {@code attach}, and later {@code server}, {@code top}, {@code dump}. */
package dev.custody.agent.cli;
