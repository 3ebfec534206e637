package dev.regula.augment;

import dev.regula.augment.batch.BatchMixer;
import dev.regula.augment.batch.CutMix;
import dev.regula.augment.batch.MixSwitch;
import dev.regula.augment.batch.MixUp;
import dev.regula.augment.image.Affine;
import dev.regula.augment.image.ChannelShift;
import dev.regula.augment.image.ColorJitter;
import dev.regula.augment.image.Cutout;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.Flip;
import dev.regula.augment.image.GaussianBlur;
import dev.regula.augment.image.GaussianNoise;
import dev.regula.augment.image.RandomCrop;
import dev.regula.augment.image.RandomErasing;
import dev.regula.recipe.Recipe.AugmentationSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-image augmentations of a recipe in their fixed order (crop, flips, affine, colour,
 * blur, noise, channel shift, erasing, cutout) and its batch mixer, if any. Operations whose
 * settings make them no-ops are left out. An enabled Keras block gets Keras's operations in
 * Keras's order instead ({@link KerasImageDataGenerator#operations}).
 */
public final class AugmentationPipeline {
    private final List<ImageAugmentation> operations;
    private final BatchMixer mixer;

    public AugmentationPipeline(List<ImageAugmentation> operations, BatchMixer mixer) {
        this.operations = List.copyOf(operations);
        this.mixer = mixer;
    }

    /** The pipeline a recipe's {@code augmentation} section (native keys) describes. */
    public static AugmentationPipeline from(AugmentationSpec spec) {
        if (spec.keras().enabled()) {
            return new AugmentationPipeline(KerasImageDataGenerator.operations(spec.keras()), mixer(spec));
        }
        List<ImageAugmentation> ops = new ArrayList<>();
        if (spec.crop().padding() > 0) {
            ops.add(new RandomCrop(spec.crop().padding(), FillMode.of(spec.crop().fill()), (float) spec.crop().cval()));
        }
        if (spec.horizontalFlip() > 0) {
            ops.add(new Flip(Flip.Axis.HORIZONTAL, spec.horizontalFlip()));
        }
        if (spec.verticalFlip() > 0) {
            ops.add(new Flip(Flip.Axis.VERTICAL, spec.verticalFlip()));
        }
        var affine = spec.affine();
        if (affine.probability() > 0) {
            ops.add(new Affine(affine.probability(), array(affine.rotation()), array(affine.translate()),
                    array(affine.translateY().isEmpty() ? affine.translate() : affine.translateY()),
                    array(affine.scale()), array(affine.shear()), affine.independentScale(),
                    FillMode.of(affine.fill()), (float) affine.cval()));
        }
        var color = spec.color();
        if (color.probability() > 0) {
            ops.add(new ColorJitter(color.probability(), array(color.brightness()), array(color.contrast()),
                    array(color.saturation()), array(color.hue())));
        }
        if (spec.blur().probability() > 0) {
            ops.add(new GaussianBlur(spec.blur().probability(), array(spec.blur().sigma()), spec.blur().kernelSize()));
        }
        if (spec.noise().probability() > 0 && spec.noise().std() > 0) {
            ops.add(new GaussianNoise(spec.noise().probability(), spec.noise().std()));
        }
        if (spec.channelShift() > 0) {
            ops.add(new ChannelShift(spec.channelShift()));
        }
        var erasing = spec.erasing();
        if (erasing.probability() > 0) {
            ops.add(new RandomErasing(erasing.probability(), array(erasing.area()), array(erasing.aspect()),
                    erasing.fill()));
        }
        if (spec.cutout().probability() > 0 && spec.cutout().size() > 0) {
            ops.add(new Cutout(spec.cutout().probability(), spec.cutout().size()));
        }
        return new AugmentationPipeline(ops, mixer(spec));
    }

    private static BatchMixer mixer(AugmentationSpec spec) {
        var mix = spec.mix();
        boolean perElement = "element".equals(mix.mode());
        MixUp mixUp = mix.mixupAlpha() > 0 ? new MixUp(mix.mixupAlpha(), perElement) : null;
        CutMix cutMix = mix.cutmixAlpha() > 0 ? new CutMix(mix.cutmixAlpha(), perElement) : null;
        return mixUp == null && cutMix == null || mix.probability() == 0 ? null
                : new MixSwitch(mixUp, cutMix, mix.switchProbability(), mix.probability());
    }

    static double[] array(List<Double> range) {
        return new double[] {range.get(0), range.get(1)};
    }

    /**
     * This pipeline with the random crop's offset pinned: output pixel (x, y) reads padded input
     * (x + dx, y + dy), |dx|, |dy| at most the padding (for {@code regula augment apply}).
     */
    public AugmentationPipeline withCropOffset(int dx, int dy) {
        return replacing(RandomCrop.class, crop -> {
            if (Math.abs(dx) > crop.padding() || Math.abs(dy) > crop.padding()) {
                throw new dev.regula.InvalidInputException("crop offset " + dx + "," + dy + " is out of range;"
                        + " expected offsets from -" + crop.padding() + " to " + crop.padding()
                        + " (augmentation.crop.padding).");
            }
            var shift = RandomCrop.shift(dx, dy, crop.fill(), crop.cval());
            return (random, c, h, w) -> shift;
        }, "a crop offset was given but the recipe has no random crop; expected augmentation.crop.padding above 0.");
    }

    /**
     * This pipeline with the erasing box pinned to rows [top, top + height) and columns
     * [left, left + width), always applied (the recipe's fill; {@code random} noise still comes
     * from the generator).
     */
    public AugmentationPipeline withErasingBox(int top, int left, int height, int width) {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new dev.regula.InvalidInputException("erasing box " + top + "," + left + "," + height + ","
                    + width + " is out of range; expected TOP,LEFT >= 0 and HEIGHT,WIDTH >= 1.");
        }
        return replacing(RandomErasing.class, erasing -> (random, c, h, w) -> {
            float[] noise = null;
            if ("random".equals(erasing.fill())) {
                noise = new float[c * height * width];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = random.nextFloat();
                }
            }
            return RandomErasing.box(top, left, height, width, erasing.fill(), noise);
        }, "an erasing box was given but the recipe has no random erasing; expected augmentation.erasing.probability"
                + " above 0.");
    }

    /** This pipeline with every operation of {@code type} replaced by {@code pinned(op)}; none is an error. */
    private <T extends ImageAugmentation> AugmentationPipeline replacing(Class<T> type,
            java.util.function.Function<T, ImageAugmentation> pinned, String missing) {
        List<ImageAugmentation> ops = new ArrayList<>();
        for (ImageAugmentation op : operations) {
            ops.add(type.isInstance(op) ? pinned.apply(type.cast(op)) : op);
        }
        if (ops.equals(operations)) {
            throw new dev.regula.InvalidInputException(missing);
        }
        return new AugmentationPipeline(ops, mixer);
    }

    public List<ImageAugmentation> operations() {
        return operations;
    }

    /** The batch mixer, or null. */
    public BatchMixer mixer() {
        return mixer;
    }

    /** Whether any per-image operation is configured. */
    public boolean augmentsImages() {
        return !operations.isEmpty();
    }

    /** Draws and applies every operation to one [0, 1] image in place. */
    public void apply(float[] pixels, int offset, int channels, int height, int width, SplittableRandom random) {
        for (ImageAugmentation op : operations) {
            op.draw(random, channels, height, width).apply(pixels, offset, channels, height, width);
        }
    }
}
