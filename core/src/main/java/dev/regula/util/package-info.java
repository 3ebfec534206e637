/** Small helpers shared across packages: edit-distance suggestions for "did you mean" and seeded random streams. */
package dev.regula.util;
