/** Uncertainty: Monte Carlo dropout prediction, per-image scores (entropy, BALD, variation ratio), calibration (ECE, reliability bins) and selective prediction (risk-coverage). */
package dev.regula.uncertainty;
