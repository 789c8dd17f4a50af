/** Port of tt-metal's allocator (skeleton; documentation follows). */
package dev.custody.metal.allocator;
