package dev.regula.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

/** Renders XChart charts to PNG files, or to data: URIs that HTML reports embed (no network needed). */
public final class Charts {
    private Charts() {
    }

    public static void savePng(Chart<?, ?> chart, Path png) {
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            dev.regula.train.RunFolder.writeAtomically(png.toAbsolutePath(), out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    public static String dataUri(Chart<?, ?> chart) {
        try {
            return "data:image/png;base64," + Base64.getEncoder()
                    .encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a chart", e);
        }
    }
}
