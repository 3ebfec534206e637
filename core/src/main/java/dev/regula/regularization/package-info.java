/** Regularizers: weight penalties with closed-form gradients (L1, L2, elastic net), proximal L1, decoupled weight decay, which parameters they apply to, label smoothing, and weight statistics. */
package dev.regula.regularization;
