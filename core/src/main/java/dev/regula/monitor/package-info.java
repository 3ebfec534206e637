/** Training monitoring into TensorBoard event files: the writer and reader of TFRecord-framed events and the step observer that records histograms and statistics of weights, gradients and activations. */
package dev.regula.monitor;
