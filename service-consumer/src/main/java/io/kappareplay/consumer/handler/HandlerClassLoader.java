package io.kappareplay.consumer.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads a handler and its libraries from the handler's own jars before looking at the runtime's
 * classpath ("child-first"), so an unchanged production library that brings its own Jackson, Guava,
 * Netty or kafka-clients runs beside ours: each side links against the version it was built with.
 *
 * <p>A few packages are loaded parent-first instead, from the runtime's classpath:
 *
 * <ul>
 *   <li>the JDK ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.},
 *       {@code org.w3c.}, {@code org.xml.}): the JVM refuses to define {@code java.} classes
 *       anywhere but in its own loaders, and a second copy of a JDK API (an XML parser's {@code
 *       org.w3c.dom} bundled by an old library) would not be the type the JDK's implementations
 *       return;
 *   <li>the service API ({@code io.kappareplay.service.api.}) and Avro ({@code org.apache.avro.}):
 *       they are the contract between runtime and handler. {@code ReplayHandler}, {@code
 *       ReplayInput} and the {@code GenericRecord}s inside them cross the boundary as objects, and
 *       a class is the same class only when the same loader defined it: with two copies the runtime
 *       could not even cast the handler to {@code ReplayHandler}. Avro's API hardly exposes Jackson
 *       (one {@code GenericData} method takes a {@code JsonNode}), so sharing Avro leaves the
 *       handler free to bring its own Jackson.
 * </ul>
 *
 * <p>Parent-first still falls back to the handler's jars for a class the runtime does not have, so
 * Java EE APIs the JDK no longer ships ({@code javax.xml.bind}, {@code javax.inject}) load from a
 * handler jar that bundles them. Child-first likewise falls back to the runtime for a class the
 * handler's jars lack.
 *
 * <p>A handler jar should therefore not bundle Avro or the service API (declare them {@code
 * provided}): its copies are never loaded, and a bundled Avro of another version hides that the
 * handler will run against ours. {@link HandlerLoader} logs a warning naming such a jar rather than
 * refusing it, since shaded "fat" jars of production services often carry both, harmlessly when the
 * versions match.
 *
 * <p>Resources follow the same order as classes, with one refinement for {@code
 * META-INF/services/<type>} files: when the handler's jars hold their own copy of {@code <type>},
 * the runtime's registrations are left out, since their classes implement our copy of the type and
 * {@link java.util.ServiceLoader} would reject them (a handler calling Jackson's {@code
 * findAndRegisterModules()} must not see our Jackson's modules).
 *
 * <pre>{@code
 * try (HandlerClassLoader loader =
 *         new HandlerClassLoader(List.of(Path.of("/opt/handler/pricing.jar")),
 *                 ReplayHandler.class.getClassLoader())) {
 *     Class<?> handler = Class.forName("com.acme.PricingReplayHandler", false, loader);
 * }
 * }</pre>
 */
public final class HandlerClassLoader extends URLClassLoader {

    static {
        // The runtime calls handlers from many threads; classes they load lazily must not
        // serialize on one lock for the whole loader.
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages of the JDK, always loaded from the runtime's classpath first. */
    static final List<String> JDK_PACKAGES =
            List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.");

    /** Packages whose classes cross the boundary between runtime and handler. */
    static final List<String> SHARED_PACKAGES =
            List.of("org.apache.avro.", "io.kappareplay.service.api.");

    private static final List<String> PARENT_FIRST_CLASSES =
            Stream.concat(JDK_PACKAGES.stream(), SHARED_PACKAGES.stream()).toList();
    private static final List<String> PARENT_FIRST_RESOURCES =
            PARENT_FIRST_CLASSES.stream().map(HandlerClassLoader::resourcePath).toList();

    private static final String SERVICES = "META-INF/services/";

    /**
     * @param jars the handler's jar and those of its libraries, searched in this order
     * @param parent the loader of the runtime, which has loaded the service API and Avro
     */
    public HandlerClassLoader(List<Path> jars, ClassLoader parent) {
        super("kappa-handler", urls(jars), Objects.requireNonNull(parent, "parent"));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (startsWithAny(name, PARENT_FIRST_CLASSES)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInHandlerJars) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (startsWithAny(name, PARENT_FIRST_RESOURCES)) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (startsWithAny(name, PARENT_FIRST_RESOURCES)) {
            return super.getResources(name);
        }
        List<URL> resources = Collections.list(findResources(name));
        if (!isServiceFileOfOwnType(name)) {
            resources.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(resources);
    }

    /** A {@code META-INF/services} file whose service type the handler's jars define themselves. */
    private boolean isServiceFileOfOwnType(String name) {
        if (!name.startsWith(SERVICES)) {
            return false;
        }
        String type = name.substring(SERVICES.length());
        return !startsWithAny(type, PARENT_FIRST_CLASSES)
                && findResource(type.replace('.', '/') + ".class") != null;
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String resourcePath(String packagePrefix) {
        return packagePrefix.replace('.', '/');
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException("handler jar " + jars.get(i) + " has no URL", e);
            }
        }
        return urls;
    }
}
