/** Batch mixers: MixUp, CutMix and the switch between them, applied to a prepared batch's pixels and target rows. */
package dev.regula.augment.batch;
