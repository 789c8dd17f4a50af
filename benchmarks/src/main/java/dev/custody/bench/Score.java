package dev.custody.bench;

/**
 * One JMH result: the average time of one benchmark under one configuration.
 *
 * @param benchmark the benchmark method's simple name
 * @param config the {@link AgentConfig#name()}
 * @param nanos nanoseconds per operation
 * @param error half-width of JMH's 99.9 % confidence interval (NaN with a single iteration)
 */
record Score(String benchmark, String config, double nanos, double error) {}
