/** Datasets in memory ({@link dev.regula.data.ImageDataset}, bytes N x C x H x W) and their readers: IDX (Fashion-MNIST and any IDX folder), CIFAR-10 binary, image folders, the embedded subset; the seeded validation hold-out and limits ({@link dev.regula.data.DatasetLoader}); normalization and batch assembly. */
package dev.regula.data;
