package io.kappareplay.schemas.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads YAML text into {@link SpecNode}s with Jackson's YAML parser.
 *
 * <p>It walks the token stream itself rather than binding a tree, for three things a bound tree
 * hides: duplicate keys are all reported (Jackson's {@code STRICT_DUPLICATE_DETECTION} stops at the
 * first), aliases ({@code *name}) are refused (Jackson's tree holds the alias name as text), and
 * scalars keep their text as written.
 */
final class SpecDocumentReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private SpecDocumentReader() {}

    /** The document's top-level mapping, or empty when it has none (the reason is reported). */
    static Optional<SpecNode.Mapping> read(String yaml, Violations violations) {
        try (YAMLParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                violations.add(
                        Violation.DOCUMENT,
                        null,
                        "is empty",
                        "write the job spec as a YAML mapping, starting with job-id");
                return Optional.empty();
            }
            SpecNode root = readValue(parser, "", violations);
            if (parser.nextToken() != null) {
                violations.add(
                        Violation.DOCUMENT,
                        null,
                        "holds more than one YAML document",
                        "put one job spec in a file, without '---' between documents");
            }
            if (root instanceof SpecNode.Mapping mapping) {
                return Optional.of(mapping);
            }
            violations.add(
                    Violation.DOCUMENT,
                    null,
                    "is " + root.describe(),
                    "write the job spec as a YAML mapping, starting with job-id");
            return Optional.empty();
        } catch (JsonProcessingException e) {
            violations.add(
                    fieldAt(e),
                    null,
                    "is not readable YAML (" + where(e.getLocation()) + ")",
                    "fix the syntax: " + explanation(e.getOriginalMessage()));
            return Optional.empty();
        } catch (IOException e) {
            // The parser reads a String, so no I/O happens.
            throw new UncheckedIOException(e);
        }
    }

    private static SpecNode readValue(YAMLParser parser, String path, Violations violations)
            throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                Map<String, SpecNode> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    parser.nextToken();
                    SpecNode child = readValue(parser, childPath, violations);
                    if (entries.containsKey(name)) {
                        violations.add(
                                childPath,
                                null,
                                "is a duplicate key",
                                "give each key once; YAML would otherwise keep only one of them");
                    } else {
                        entries.put(name, child);
                    }
                }
                return new SpecNode.Mapping(entries);
            case START_ARRAY:
                parser.skipChildren();
                return new SpecNode.Sequence();
            case VALUE_STRING:
                if (parser.isCurrentAlias()) {
                    violations.add(
                            path,
                            "*" + parser.getText(),
                            "is a YAML alias",
                            "write the value out; job specs do not use anchors and aliases");
                }
                return new SpecNode.Scalar(SpecNode.Kind.TEXT, parser.getText(), parser.getText());
            case VALUE_NUMBER_INT:
                return new SpecNode.Scalar(
                        SpecNode.Kind.INTEGER, parser.getText(), parser.getNumberValue());
            case VALUE_NUMBER_FLOAT:
                return new SpecNode.Scalar(
                        SpecNode.Kind.DECIMAL, parser.getText(), decimal(parser));
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new SpecNode.Scalar(
                        SpecNode.Kind.BOOLEAN, parser.getText(), token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return new SpecNode.Scalar(SpecNode.Kind.NULL, parser.getText(), null);
            default:
                throw new IllegalStateException("unexpected YAML token " + token + " at " + path);
        }
    }

    // YAML's .inf and .nan are numbers Java's parser refuses; NaN fails every range check.
    private static double decimal(YAMLParser parser) throws IOException {
        try {
            return parser.getDoubleValue();
        } catch (JsonParseException e) {
            return Double.NaN;
        }
    }

    private static String fieldAt(JsonProcessingException e) {
        Deque<String> names = new ArrayDeque<>();
        if (e.getProcessor() instanceof YAMLParser parser) {
            for (JsonStreamContext context = parser.getParsingContext();
                    context != null;
                    context = context.getParent()) {
                if (context.getCurrentName() != null) {
                    names.addFirst(context.getCurrentName());
                }
            }
        }
        return names.isEmpty() ? Violation.DOCUMENT : String.join(".", names);
    }

    private static String where(JsonLocation location) {
        return location == null
                ? "position unknown"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    // SnakeYAML's message interleaves what it was doing and what it found with quoted source
    // lines and positions (indented); the unindented lines are the explanation.
    private static String explanation(String message) {
        if (message == null) {
            return "";
        }
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining(": "));
    }
}
