package dev.regula.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Renders XChart charts, alone or as a grid, to PNG files or to data: URIs that the HTML reports
 * embed so that a report opens with no network and no side files.
 */
public final class Charts {
    private Charts() {
    }

    public static void savePng(Chart<?, ?> chart, Path png) {
        write(png, png(image(chart)));
    }

    public static void savePng(List<? extends Chart<?, ?>> charts, int columns, Path png) {
        write(png, png(grid(charts, columns)));
    }

    public static String dataUri(Chart<?, ?> chart) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(image(chart)));
    }

    public static String dataUri(List<? extends Chart<?, ?>> charts, int columns) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(grid(charts, columns)));
    }

    /** Charts laid out left to right, top to bottom, in cells the size of the largest chart. */
    static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns) {
        int cellWidth = charts.stream().mapToInt(Chart::getWidth).max().orElse(1);
        int cellHeight = charts.stream().mapToInt(Chart::getHeight).max().orElse(1);
        int cols = Math.max(1, Math.min(columns, charts.size()));
        int rows = Math.max(1, (charts.size() + cols - 1) / cols);
        BufferedImage image = new BufferedImage(cols * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(image(charts.get(i)), (i % cols) * cellWidth, (i / cols) * cellHeight, null);
        }
        g.dispose();
        return image;
    }

    /** One chart as an image, on a white page background. */
    private static BufferedImage image(Chart<?, ?> chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as PNG", e);
        }
    }

    private static void write(Path png, byte[] bytes) {
        dev.regula.train.RunFolder.writeAtomically(png.toAbsolutePath(), out -> out.write(bytes));
    }
}
