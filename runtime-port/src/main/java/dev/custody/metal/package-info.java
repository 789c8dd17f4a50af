/** Hosted port of TT-Metal's device-memory ownership model (skeleton; documentation follows). */
package dev.custody.metal;
