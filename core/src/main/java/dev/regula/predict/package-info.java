/** Predictions of a trained run as one core call ({@link dev.regula.predict.Prediction}): inputs read to the model's shape, plain and Monte Carlo passes, abstention, prediction files, risk-coverage and reliability; {@code regula predict} only parses options. */
package dev.regula.predict;
