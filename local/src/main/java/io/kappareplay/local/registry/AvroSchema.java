package io.kappareplay.local.registry;

import org.apache.avro.Schema;

/**
 * An Avro schema and its canonical text, {@code schema.toString()}: whitespace and the order of a
 * field's attributes do not change it, so two registrations of the same schema compare equal.
 */
record AvroSchema(Schema schema, String canonical) {

    /**
     * Parses schema text; a text Avro rejects is a 42201 error that names the subject (may be null)
     * and Avro's reason.
     */
    static AvroSchema parse(String subject, String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema(subject, "the schema is empty");
        }
        Schema schema;
        try {
            // A fresh parser per text: a parser remembers the named types it has seen.
            schema = new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // Avro reports bad input as SchemaParseException, AvroTypeException (bad defaults) and,
            // for some shapes of JSON, other runtime exceptions: all mean the text is not a schema.
            throw RegistryException.invalidSchema(subject, String.valueOf(e.getMessage()));
        }
        return new AvroSchema(schema, schema.toString());
    }

    /** Parses a canonical text this registry stored earlier. */
    static AvroSchema ofStored(String subject, int version, String canonical) {
        try {
            return new AvroSchema(new Schema.Parser().parse(canonical), canonical);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "The stored schema of version "
                            + version
                            + " of subject '"
                            + subject
                            + "' does not parse: "
                            + e.getMessage(),
                    e);
        }
    }
}
