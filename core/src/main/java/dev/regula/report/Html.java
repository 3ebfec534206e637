package dev.regula.report;

import java.util.List;

/** Small helpers for the self-contained HTML reports: escaping, tables, the page frame and its style. */
public final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1320px;
            padding:0 1em;color:#222}h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}
            th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}img{max-width:100%}
            pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}.muted{color:#777}
            .case{font-weight:bold}.finding{margin:.4em 0 .8em 0}.advice{color:#335}
            .status-running{color:#b35c00}.status-finished{color:#176917}.status-diverged{color:#b00}
            details{margin:.4em 0}nav a{margin-right:1em}
            """;

    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A fraction as a percentage with two decimals ("90.20%"); "-" when not measured. */
    public static String percent(Double fraction) {
        return fraction == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** A loss, ECE or norm with four decimals; "-" when not measured. */
    public static String number(Double value) {
        return value == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** A table with a header row; cells are escaped. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</table>\n").toString();
    }

    public static String image(String dataUri, String alt) {
        return "<img src=\"" + dataUri + "\" alt=\"" + escape(alt) + "\">\n";
    }

    /** A complete page; {@code head} is extra markup for the head (e.g. a refresh script), or empty. */
    public static String page(String title, String head, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style>" + head + "</head><body>\n" + body + "</body></html>\n";
    }
}
