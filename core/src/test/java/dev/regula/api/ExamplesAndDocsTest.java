package dev.regula.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation promises checked against the sources: the README's "Use from Java" program is
 * the quickstart example verbatim and shows its dependency; the examples stay short; every
 * package has a package-info.java and every public type a Javadoc comment (the build's doclint
 * checks the comments' syntax and references).
 */
class ExamplesAndDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmeProgramIsTheQuickstartExampleVerbatim() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String program = Files.readString(ROOT.resolve("examples/quickstart/src/main/java/example/Quickstart.java"));
        assertThat(readme).contains("```java\n" + program + "```");
        String pom = Files.readString(ROOT.resolve("examples/quickstart/pom.xml"));
        Matcher dependency = Pattern.compile("( *<dependency>.*?</dependency>\n)", Pattern.DOTALL).matcher(pom);
        assertThat(dependency.find()).isTrue();
        assertThat(readme).contains(dependency.group(1));
    }

    @Test
    void everyExampleIsAShortStandaloneProgram() throws IOException {
        List<Path> examples;
        try (Stream<Path> list = Files.list(ROOT.resolve("examples"))) {
            examples = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        for (Path example : examples) {
            assertThat(example.resolve("pom.xml")).exists();
            try (Stream<Path> sources = Files.walk(example.resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readAllLines(source).size()).as(source.toString()).isBetween(20, 50);
                }
            }
        }
    }

    @Test
    void everyPackageHasPackageInfoAndEveryPublicTypeAComment() throws IOException {
        List<String> problems = new ArrayList<>();
        Pattern publicType = Pattern.compile("^\\s*public\\s+(static\\s+|final\\s+|abstract\\s+|sealed\\s+)*"
                + "(class|interface|record|enum|@interface)\\s+\\w+");
        for (String module : List.of("core", "cli")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (!Files.exists(file.resolveSibling("package-info.java"))) {
                        problems.add(file.getParent() + ": no package-info.java");
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (publicType.matcher(lines.get(i)).find() && !commented(lines, i)) {
                            problems.add(file + ":" + (i + 1) + ": public type without a Javadoc comment");
                        }
                    }
                }
            }
        }
        assertThat(problems.stream().distinct().toList()).isEmpty();
    }

    /**
     * Whether the declaration at {@code line} follows a Javadoc comment, annotations (also ones
     * spread over several lines) between: walking up, the first line ending a comment, a statement
     * or a block decides.
     */
    private static boolean commented(List<String> lines, int line) {
        for (int i = line - 1; i >= 0; i--) {
            String text = lines.get(i).trim();
            if (text.endsWith("*/")) {
                return true;
            }
            if (text.endsWith(";") || text.endsWith("}") || text.endsWith("{")) {
                return false;
            }
        }
        return false;
    }
}
