package dev.regula.tuning;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One searched recipe key and its range: {@code uniform} and {@code log_uniform} numbers, {@code int}
 * (optionally on a log scale) or a {@code choice} among listed values.
 *
 * <p>Samplers work in a unit coordinate {@code u} in [0, 1]: the value's position in its range,
 * measured on the log scale where the parameter is log (so a log-uniform draw is a uniform draw of
 * {@code u}). Integers use the range widened by half a step on each side and rounded, so every
 * integer gets the same share of the unit interval. Choices are indexed and sampled by index.
 */
public record Parameter(String key, Type type, double low, double high, List<Object> values) {
    /** The kinds of range. */
    public enum Type {
        UNIFORM("uniform"), LOG_UNIFORM("log_uniform"), INT("int"), INT_LOG("int (log)"), CHOICE("choice");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Parameter {
        Objects.requireNonNull(key);
        values = values == null ? List.of() : List.copyOf(values);
    }

    @JsonIgnore
    public boolean isChoice() {
        return type == Type.CHOICE;
    }

    @JsonIgnore
    public boolean isInteger() {
        return type == Type.INT || type == Type.INT_LOG;
    }

    /** Whether positions in the range are measured on a log scale. */
    @JsonIgnore
    public boolean isLog() {
        return type == Type.LOG_UNIFORM || type == Type.INT_LOG;
    }

    private double lowEdge() {
        return transform(isInteger() ? low - 0.5 : low);
    }

    private double highEdge() {
        return transform(isInteger() ? high + 0.5 : high);
    }

    private double transform(double v) {
        return isLog() ? Math.log(v) : v;
    }

    /** The value at unit position {@code u} (numeric parameters). */
    public Object fromUnit(double u) {
        double clamped = Math.min(1, Math.max(0, u));
        double t = lowEdge() + clamped * (highEdge() - lowEdge());
        double v = isLog() ? Math.exp(t) : t;
        if (isInteger()) {
            return Math.max((long) low, Math.min((long) high, Math.round(v)));
        }
        return Math.max(low, Math.min(high, v));
    }

    /** The unit position of a value (numeric: its place in the range; choice: index / (n - 1)). */
    public double toUnit(Object value) {
        if (isChoice()) {
            return values.size() == 1 ? 0.5 : (double) indexOf(value) / (values.size() - 1);
        }
        double v = ((Number) value).doubleValue();
        return (transform(v) - lowEdge()) / (highEdge() - lowEdge());
    }

    /** The index of a choice value; -1 when it is not one of them. */
    public int indexOf(Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (sameValue(values.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** Whether {@code value} lies in this range (or is one of the choices). */
    public boolean contains(Object value) {
        if (isChoice()) {
            return indexOf(value) >= 0;
        }
        if (!(value instanceof Number n)) {
            return false;
        }
        return n.doubleValue() >= low && n.doubleValue() <= high;
    }

    /**
     * {@code points} values evenly spaced over the range (on the log scale where log), ends
     * included; integers rounded and repeated values dropped; a choice gives all its values.
     */
    public List<Object> grid(int points) {
        if (isChoice()) {
            return values;
        }
        List<Object> grid = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double f = points == 1 ? 0.5 : (double) i / (points - 1);
            double t = transform(low) + f * (transform(high) - transform(low));
            Object v = isInteger() ? (Object) Math.round(isLog() ? Math.exp(t) : t)
                    : (Object) (isLog() ? Math.exp(t) : t);
            if (grid.stream().noneMatch(g -> sameValue(g, v))) {
                grid.add(v);
            }
        }
        return grid;
    }

    /** The same parameter over a narrower range (numeric) or fewer choices. */
    public Parameter narrowed(double newLow, double newHigh, List<Object> newValues) {
        return new Parameter(key, type, newLow, newHigh, newValues);
    }

    /** The value as the search file and reports show it. */
    public String describe() {
        return switch (type) {
            case CHOICE -> key + ": choice " + values;
            default -> key + ": " + type.label() + " [" + fmt(low) + ", " + fmt(high) + "]";
        };
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
