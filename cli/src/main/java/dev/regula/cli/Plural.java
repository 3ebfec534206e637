package dev.regula.cli;

/** "1 epoch", "2 epochs": a count with its noun in the right number. */
final class Plural {
    private Plural() {
    }

    static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
