/** One class per image operation of the augmentation pipeline (flip, crop, affine, colour, blur, noise, channel shift, random erasing, Cutout) and the fill modes they share. */
package dev.regula.augment.image;
