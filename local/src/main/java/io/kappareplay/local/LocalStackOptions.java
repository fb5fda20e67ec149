package io.kappareplay.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code kappa-local.jar}. Parsed by hand because the launcher uses the JDK
 * only (see the module's pom); every mistake is reported with the flag and the fix.
 */
record LocalStackOptions(
        int kafkaPort, int registryPort, Path dataDirectory, boolean secure, boolean help) {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: java -jar kappa-local.jar [--kafka-port N] [--registry-port N] [--data-dir DIR] [--secure]",
                    "Starts a Kafka broker (KRaft) and a Confluent-compatible schema registry on 127.0.0.1,",
                    "prints their endpoints and runs until SIGTERM or Ctrl-C, then stops both.",
                    "  --kafka-port N      broker port (default: a free port)",
                    "  --registry-port N   registry port (default: a free port)",
                    "  --data-dir DIR      broker data, logs and the state file (default: .kappa/local);",
                    "                      reused on the next start, so topics and schemas survive",
                    "  --secure            SASL_SSL (SCRAM-SHA-512) broker, HTTPS + basic-auth registry",
                    "  --help, -h          this text");

    static LocalStackOptions parse(String... args) {
        int kafkaPort = 0;
        int registryPort = 0;
        Path dataDirectory = Path.of(".kappa", "local");
        boolean secure = false;
        boolean help = false;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--kafka-port" ->
                        kafkaPort = port(flag, value(args, ++i, flag, errors), errors);
                case "--registry-port" ->
                        registryPort = port(flag, value(args, ++i, flag, errors), errors);
                case "--data-dir" -> {
                    String value = value(args, ++i, flag, errors);
                    if (value != null) {
                        dataDirectory = Path.of(value);
                    }
                }
                case "--secure" -> secure = true;
                case "--help", "-h" -> help = true;
                default ->
                        errors.add(
                                "unknown option '"
                                        + flag
                                        + "'; valid options: --kafka-port, --registry-port, --data-dir, --secure, --help (-h)");
            }
        }
        if (kafkaPort != 0 && kafkaPort == registryPort) {
            errors.add(
                    "--kafka-port and --registry-port are both "
                            + kafkaPort
                            + "; give them different ports");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return new LocalStackOptions(kafkaPort, registryPort, dataDirectory, secure, help);
    }

    private static String value(String[] args, int index, String flag, List<String> errors) {
        if (index >= args.length || args[index].startsWith("--")) {
            errors.add(flag + " needs a value");
            return null;
        }
        return args[index];
    }

    private static int port(String flag, String value, List<String> errors) {
        if (value == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(
                flag
                        + " '"
                        + value
                        + "' is not a port; use a number from 1 to 65535 (0 or none: a free port)");
        return 0;
    }
}
