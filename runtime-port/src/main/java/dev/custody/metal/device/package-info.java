/** Port of tt-metal's device, core coordinates and program cache (skeleton; documentation follows). */
package dev.custody.metal.device;
