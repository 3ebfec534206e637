/** Optimizers (SGD with momentum and Nesterov, Adam) over index-aligned weights and gradients, parameter groups and the learning-rate schedule. */
package dev.regula.optim;
