package io.kappareplay.consumer.handler;

import io.kappareplay.service.api.ReplayHandler;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the handler of a job, in one of two forms:
 *
 * <ul>
 *   <li><b>Isolated</b>, when the job gives jars: from those jars, in a {@link HandlerClassLoader}
 *       of its own, by the class name in the job spec ({@code service.handler}), or, without one,
 *       as the single {@code ReplayHandler} the jars register in {@code META-INF/services}. Only
 *       registrations inside the handler's jars count: a handler that happens to be on the
 *       runtime's own classpath is not the job's.
 *   <li><b>From the class path</b>, when the job gives no jars: from the runtime's own class
 *       loader, by {@code service.handler} or as the single {@code ReplayHandler} registered there.
 *       Nothing is isolated: the handler links against the runtime's libraries. This suits a
 *       handler built into the runtime's image, or a test.
 * </ul>
 *
 * <p>Every failure is a {@link HandlerLoadException} naming the class, where it was searched and
 * what to change; an isolated handler's class loader is closed before it is thrown.
 *
 * <pre>{@code
 * LoadedHandler handler =
 *         HandlerLoader.load(
 *                 List.of(Path.of("/opt/handler/pricing.jar"), Path.of("/opt/handler/guava.jar")),
 *                 Optional.of("com.acme.PricingReplayHandler"));
 * // No jars: the handler registered on the runtime's own class path, not isolated.
 * LoadedHandler builtIn = HandlerLoader.load(List.of(), Optional.empty());
 * }</pre>
 */
public final class HandlerLoader {

    private static final Logger log = LoggerFactory.getLogger(HandlerLoader.class);

    private static final String SERVICE_FILE = "META-INF/services/" + ReplayHandler.class.getName();

    private HandlerLoader() {}

    /**
     * Loads and instantiates the handler; the caller opens it.
     *
     * @param jars the handler's jar and those of its libraries, searched in this order; empty to
     *     load the handler from the runtime's own class path, without isolation
     * @param className the handler class, or empty to find it through {@link ServiceLoader}
     * @throws HandlerLoadException if a jar or the class is missing or the class is not a usable
     *     handler
     */
    public static LoadedHandler load(List<Path> jars, Optional<String> className) {
        return load(jars, className, ReplayHandler.class.getClassLoader());
    }

    /**
     * @param runtime the loader of the runtime's own classes, the service API and Avro; a test
     *     gives one with handlers of its own, which must be ignored when jars are given
     */
    static LoadedHandler load(List<Path> jars, Optional<String> className, ClassLoader runtime) {
        if (jars.isEmpty()) {
            return loadFromClassPath(className, runtime);
        }
        HandlerJars checked = HandlerJars.check(jars);
        warnAboutBundledSharedPackages(checked.bundledSharedPackages());
        HandlerClassLoader loader = new HandlerClassLoader(checked.paths(), runtime);
        Searched searched = Searched.jars(checked.paths());
        try {
            Class<? extends ReplayHandler> type =
                    className.isPresent()
                            ? named(className.get(), loader, searched)
                            : registered(loader, true, searched);
            HandlerForm form = HandlerForm.of(type);
            LoadedHandler handler =
                    LoadedHandler.isolated(instantiate(type, loader, searched), form, loader);
            log.info("Loaded handler {} from {}", handler, checked.paths());
            return handler;
        } catch (RuntimeException | Error e) {
            try {
                loader.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /**
     * No jars: the handler is the runtime's own class, as {@code --handler-jars} documents for an
     * empty list. No loader of its own is made, so there is nothing to close on failure, and every
     * registration the runtime's loader sees counts, since there is no other place to look.
     */
    private static LoadedHandler loadFromClassPath(
            Optional<String> className, ClassLoader runtime) {
        Class<? extends ReplayHandler> type =
                className.isPresent()
                        ? named(className.get(), runtime, Searched.CLASS_PATH)
                        : registered(runtime, false, Searched.CLASS_PATH);
        HandlerForm form = HandlerForm.of(type);
        LoadedHandler handler =
                LoadedHandler.fromClassPath(
                        instantiate(type, runtime, Searched.CLASS_PATH), form, runtime);
        log.info(
                "Loaded handler {}, in {}: no handler jars given, so it runs without isolation,"
                        + " with the runtime's libraries",
                handler,
                origin(type));
        return handler;
    }

    private static Class<? extends ReplayHandler> named(
            String className, ClassLoader loader, Searched searched) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new HandlerLoadException(
                    "Handler class "
                            + className
                            + " not found "
                            + searched.in()
                            + ": check service.handler for a typo, or "
                            + searched.addTheJar(),
                    e);
        } catch (LinkageError e) {
            throw unlinkable(className, searched, e);
        }
        if (!ReplayHandler.class.isAssignableFrom(type)) {
            throw new HandlerLoadException(
                    "Handler class "
                            + className
                            + " from "
                            + origin(type)
                            + " does not implement "
                            + ReplayHandler.class.getName()
                            + ": name the service's adapter class that implements it");
        }
        return type.asSubclass(ReplayHandler.class);
    }

    /**
     * @param onlyOwn whether to count only registrations of classes {@code loader} defines itself,
     *     as an isolated handler's loader does; the runtime's registrations are then set aside
     */
    private static Class<? extends ReplayHandler> registered(
            ClassLoader loader, boolean onlyOwn, Searched searched) {
        List<Class<? extends ReplayHandler>> own = new ArrayList<>();
        List<Class<? extends ReplayHandler>> runtimes = new ArrayList<>();
        try {
            ServiceLoader.load(ReplayHandler.class, loader).stream()
                    .map(ServiceLoader.Provider::type)
                    .forEach(
                            type ->
                                    (!onlyOwn || type.getClassLoader() == loader ? own : runtimes)
                                            .add(type));
        } catch (ServiceConfigurationError e) {
            throw new HandlerLoadException(
                    SERVICE_FILE
                            + " "
                            + searched.in()
                            + " names an unusable handler ("
                            + e.getMessage()
                            + "): list only public classes that implement ReplayHandler and have"
                            + " a public no-argument constructor",
                    e);
        }
        if (own.size() == 1) {
            return own.get(0);
        }
        if (own.isEmpty()) {
            throw new HandlerLoadException(
                    "No ReplayHandler registered "
                            + searched.in()
                            + ": add "
                            + SERVICE_FILE
                            + " naming the handler class to its jar, or name the class in the job"
                            + " spec's service.handler"
                            + (runtimes.isEmpty()
                                    ? ""
                                    : " (ignored, being on the runtime's own classpath: "
                                            + describe(runtimes)
                                            + ")"));
        }
        throw new HandlerLoadException(
                "Several ReplayHandlers registered "
                        + searched.in()
                        + ": "
                        + describe(own)
                        + "; name the one to run in the job spec's service.handler");
    }

    private static ReplayHandler instantiate(
            Class<? extends ReplayHandler> type, ClassLoader loader, Searched searched) {
        String handlerClass = "Handler class " + type.getName() + " from " + origin(type);
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new HandlerLoadException(
                    handlerClass + " is abstract: name the concrete class that extends it");
        }
        Constructor<? extends ReplayHandler> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new HandlerLoadException(
                    handlerClass
                            + " has no public no-argument constructor: add one (a nested class"
                            + " must be static), and read settings in open(HandlerConfig)",
                    e);
        }
        // Static initializers and constructors of libraries may already look at the context loader.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new HandlerLoadException(
                    handlerClass + " failed in its constructor: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new HandlerLoadException(handlerClass + " is not public: make it public", e);
        } catch (InstantiationException e) {
            throw new AssertionError("abstract classes were rejected above", e);
        } catch (LinkageError e) {
            throw unlinkable(type.getName(), searched, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static HandlerLoadException unlinkable(
            String className, Searched searched, LinkageError e) {
        return new HandlerLoadException(
                "Handler class "
                        + className
                        + " "
                        + searched.from()
                        + " could not be loaded ("
                        + e
                        + "): add the jars of every library it needs, built for Java "
                        + Runtime.version().feature()
                        + " or older",
                e);
    }

    private static void warnAboutBundledSharedPackages(Map<Path, Set<String>> bundled) {
        bundled.forEach(
                (jar, packages) ->
                        log.warn(
                                "Handler jar {} bundles classes of {}, which are never loaded from"
                                        + " it: the runtime's own copies are shared with every"
                                        + " handler. Build the handler against the runtime's"
                                        + " versions and declare these dependencies provided.",
                                jar,
                                packages));
    }

    private static String describe(List<Class<? extends ReplayHandler>> types) {
        return types.stream()
                .map(type -> type.getName() + " (in " + origin(type) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The jar a class was loaded from, so a message can say which one to fix. */
    private static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "the JDK";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return source.getLocation().toString();
        }
    }

    /**
     * Where a handler was looked for, as messages name it: the jars given, or the runtime's class
     * path when none were.
     *
     * @param in {@code in [/opt/handler/pricing.jar]}
     * @param from {@code from [/opt/handler/pricing.jar]}
     * @param addTheJar how to make a missing class available there
     */
    private record Searched(String in, String from, String addTheJar) {
        static final Searched CLASS_PATH =
                new Searched(
                        "on the runtime's class path",
                        "from the runtime's class path",
                        "put the jar that contains it on the runtime's class path, or pass the"
                                + " handler's jars with --handler-jars");

        static Searched jars(List<Path> jars) {
            return new Searched("in " + jars, "from " + jars, "add the jar that contains it");
        }
    }
}
