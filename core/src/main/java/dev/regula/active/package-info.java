/** Active learning: acquisition functions (random, least confidence, margin, entropy, BALD, variation ratio, stochastic power batches), pools read in chunks, the loop and the study file. */
package dev.regula.active;
