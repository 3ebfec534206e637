/** The training loop ({@link dev.regula.train.Trainer}), one run in its folder ({@link dev.regula.train.TrainingRun}: epochs, checkpoints, resume, summary), run-folder files and the listener and observer hooks. */
package dev.regula.train;
