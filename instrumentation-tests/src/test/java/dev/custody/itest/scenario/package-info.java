/** Small programs that commit one ownership bug each, or replay a spec scenario, run in forked JVMs under the agent. */
package dev.custody.itest.scenario;
