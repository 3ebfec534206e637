package dev.regula.augment;

import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.Flip;
import dev.regula.augment.image.RandomCrop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The fixed transforms test-time augmentation may average over, by name: {@code identity},
 * {@code hflip}, {@code vflip}, and {@code shift_left / shift_right / shift_up / shift_down} by a
 * given number of pixels (edges repeated).
 */
public final class TestTimeAugmentation {
    private static final Map<String, IntFunction<ImageTransform>> TRANSFORMS = new LinkedHashMap<>();

    static {
        TRANSFORMS.put("identity", shift -> ImageTransform.IDENTITY);
        TRANSFORMS.put("hflip", shift -> Flip.transform(Flip.Axis.HORIZONTAL));
        TRANSFORMS.put("vflip", shift -> Flip.transform(Flip.Axis.VERTICAL));
        TRANSFORMS.put("shift_left", shift -> RandomCrop.shift(shift, 0, FillMode.NEAREST, 0));
        TRANSFORMS.put("shift_right", shift -> RandomCrop.shift(-shift, 0, FillMode.NEAREST, 0));
        TRANSFORMS.put("shift_up", shift -> RandomCrop.shift(0, shift, FillMode.NEAREST, 0));
        TRANSFORMS.put("shift_down", shift -> RandomCrop.shift(0, -shift, FillMode.NEAREST, 0));
    }

    private TestTimeAugmentation() {
    }

    public static List<String> names() {
        return new ArrayList<>(TRANSFORMS.keySet());
    }

    /** The transforms named in {@code names}, shifts by {@code shiftPixels}. */
    public static List<ImageTransform> transforms(List<String> names, int shiftPixels) {
        List<ImageTransform> transforms = new ArrayList<>();
        for (String name : names) {
            transforms.add(TRANSFORMS.get(name).apply(shiftPixels));
        }
        return transforms;
    }
}
