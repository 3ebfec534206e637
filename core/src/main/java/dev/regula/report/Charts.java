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
 * Renders XChart charts, alone or as a grid, to PNG or SVG files or to data: URIs that the HTML
 * reports embed so that a report opens with no network and no side files. SVG comes from XChart's
 * VectorGraphics2D encoder; a grid of SVG charts is one outer {@code <svg>} holding each chart's
 * document as a nested {@code <svg>} at its cell, so it stays vector and sharp when zoomed.
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

    /** The file formats charts are written in; a file's extension names its format. */
    public enum Format {
        PNG, SVG;

        /** The format a file name's extension names ({@code .svg}: SVG; anything else: PNG). */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg") ? SVG : PNG;
        }

        public String extension() {
            return "." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Charts as a grid in the format {@code file}'s extension names (PNG unless it ends in .svg). */
    public static void save(List<? extends Chart<?, ?>> charts, int columns, Path file) {
        if (Format.of(file) == Format.SVG) {
            saveSvg(svg(charts, columns), file);
        } else {
            savePng(charts, columns, file);
        }
    }

    /** One chart as a standalone SVG document. */
    public static String svg(Chart<?, ?> chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            org.knowm.xchart.VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as SVG", e);
        }
    }

    /** Charts laid out as {@link #grid} does, as one SVG document. */
    public static String svg(List<? extends Chart<?, ?>> charts, int columns) {
        int cellWidth = charts.stream().mapToInt(Chart::getWidth).max().orElse(1);
        int cellHeight = charts.stream().mapToInt(Chart::getHeight).max().orElse(1);
        int cols = Math.max(1, Math.min(columns, charts.size()));
        int rows = Math.max(1, (charts.size() + cols - 1) / cols);
        StringBuilder svg = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" + cols * cellWidth + "\" height=\"" + rows * cellHeight
                + "\" viewBox=\"0 0 " + cols * cellWidth + " " + rows * cellHeight + "\">\n");
        for (int i = 0; i < charts.size(); i++) {
            String one = svg(charts.get(i));
            int start = one.indexOf("<svg");
            int open = one.indexOf('>', start);
            String attributes = one.substring(start + 4, open).replaceAll("\\s(x|y)=\"[^\"]*\"", "");
            svg.append("<svg x=\"").append((i % cols) * cellWidth).append("\" y=\"").append((i / cols) * cellHeight)
                    .append('"').append(attributes).append('>').append(one, open + 1, one.length()).append('\n');
        }
        return svg.append("</svg>\n").toString();
    }

    /** Writes {@code svg} atomically. */
    public static void saveSvg(String svg, Path file) {
        write(file, svg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An SVG document as a data: URI for an {@code <img>}. */
    public static String svgDataUri(String svg) {
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(
                svg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
