/** Advice for {@code MeshDevice} and {@code MeshBuffer}: the backing allocation and its device-local aliases. */
package dev.custody.agent.instrumentation.mesh;
