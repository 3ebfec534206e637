package dev.regula.cli;

import dev.regula.cluster.Cluster;
import dev.regula.cluster.ClusterLoader;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * {@code --spark MASTER}: connects to Apache Spark through the {@code regula-spark} module, which is
 * kept out of this application's class path and loaded only here, from the class-path file its
 * build writes ({@code spark/target/classpath.txt}; {@code -Dregula.spark.classpath=FILE} names
 * another).
 */
final class SparkConnection {
    static final String OPTION_HELP = "Run on Apache Spark: local[*] (in this process; the value when none is given),"
            + " local[N], or a standalone"
            + " master spark://HOST:PORT; run folders go under --out, which every node must see.";

    private SparkConnection() {
    }

    static Cluster open(String master, Path sharedFolder) {
        System.out.println("Connecting to Spark at " + master + " ...");
        Cluster cluster = ClusterLoader.connect(master, sharedFolder, classpathFile());
        System.out.println("Spark: " + cluster.slots() + " task slot(s) at " + cluster.master());
        return cluster;
    }

    private static Path classpathFile() {
        String given = System.getProperty("regula.spark.classpath");
        if (given != null) {
            return Path.of(given);
        }
        try {
            Path jar = Path.of(SparkConnection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/regula-cli.jar (or cli/target/classes) -> spark/target/classpath.txt
            return jar.getParent().getParent().getParent().resolve("spark").resolve("target").resolve("classpath.txt");
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
