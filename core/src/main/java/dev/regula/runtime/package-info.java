/** Process-level engine settings: glibc allocator tuning for embedders and per-thread engine preparation so trainings run on any thread. */
package dev.regula.runtime;
