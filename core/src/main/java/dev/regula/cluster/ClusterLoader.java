package dev.regula.cluster;

import dev.regula.InvalidInputException;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the cluster implementation: on the class path (library users who depend on
 * {@code regula-spark}), else from the jars beside a class-path file and the jars it lists (the
 * module's jar and its dependencies: {@code spark/target/classpath.txt}, written by the module's build), loaded in a
 * class loader of its own, so Spark's hundreds of jars are read only by a command given
 * {@code --spark} and never by the others.
 */
public final class ClusterLoader {
    private ClusterLoader() {
    }

    /** Connects to {@code master}; {@code classpathFile} may be null when the module is on the class path. */
    public static Cluster connect(String master, Path sharedFolder, Path classpathFile) {
        ClusterProvider provider = find(ClusterLoader.class.getClassLoader());
        ClassLoader loader = ClusterLoader.class.getClassLoader();
        if (provider == null) {
            if (classpathFile == null || !Files.isRegularFile(classpathFile)) {
                throw new InvalidInputException("--spark " + master + ": the regula-spark module is not built (looked"
                        + " for " + classpathFile + "); expected it there: run 'mvn -B -DskipTests -pl spark -am install'.");
            }
            loader = new URLClassLoader("regula-spark", urls(classpathFile), ClusterLoader.class.getClassLoader());
            provider = find(loader);
            if (provider == null) {
                throw new InvalidInputException(classpathFile + ": lists no jar holding a "
                        + ClusterProvider.class.getName() + "; expected the regula-spark jar and its dependencies.");
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // Spark resolves its classes through the context loader
        try {
            return provider.connect(master, sharedFolder);
        } catch (RuntimeException e) {
            thread.setContextClassLoader(before);
            throw e;
        }
    }

    private static ClusterProvider find(ClassLoader loader) {
        Iterator<ClusterProvider> found = ServiceLoader.load(ClusterProvider.class, loader).iterator();
        return found.hasNext() ? found.next() : null;
    }

    private static URL[] urls(Path classpathFile) {
        try {
            List<URL> urls = new ArrayList<>();
            Path folder = classpathFile.toAbsolutePath().getParent();
            try (var jars = Files.list(folder)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
            for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    urls.add(Path.of(entry.trim()).toUri().toURL());
                }
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new InvalidInputException(classpathFile + ": an entry is not a path (" + e.getMessage() + ").");
        } catch (IOException e) {
            throw new InvalidInputException(classpathFile + ": cannot be read (" + e.getMessage() + ").");
        }
    }
}
