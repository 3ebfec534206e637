/** Data augmentation as "draw, then apply": the pipeline of a recipe's operations, seeded batch preparation and prefetching, Keras's ImageDataGenerator mapping, test-time augmentation, previews and a benchmark. */
package dev.regula.augment;
