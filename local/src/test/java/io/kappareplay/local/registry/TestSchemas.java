package io.kappareplay.local.registry;

/** Avro schemas the registry tests register, named for how they evolve a record. */
final class TestSchemas {
    private TestSchemas() {}

    /** {@code User} with a required {@code id}. */
    static final String USER =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kappa.test\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";

    /** {@link #USER} written differently: whitespace and the order of attributes. */
    static final String USER_REFORMATTED =
            "{ \"fields\" : [ { \"type\" : \"long\", \"name\" : \"id\" } ],\n"
                    + "  \"namespace\" : \"kappa.test\", \"name\" : \"User\", \"type\" : \"record\" }";

    /** {@link #USER} plus an optional {@code email}: backward and forward compatible. */
    static final String USER_WITH_EMAIL =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kappa.test\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    /** {@link #USER} plus a required {@code age}: forward compatible only. */
    static final String USER_WITH_AGE =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kappa.test\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"age\",\"type\":\"int\"}]}";

    /** {@code User} without {@code id}: backward compatible only (a reader ignores a field). */
    static final String USER_WITHOUT_ID =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kappa.test\",\"fields\":[]}";

    static final String ORDER =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"kappa.test\","
                    + "\"fields\":[{\"name\":\"amount\",\"type\":\"double\"}]}";

    /** A record with one field {@code a} of the given type, with an optional default. */
    static String withA(String type, String defaultJson) {
        String field =
                "{\"name\":\"a\",\"type\":\""
                        + type
                        + "\""
                        + (defaultJson == null ? "" : ",\"default\":" + defaultJson)
                        + "}";
        return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + field + "]}";
    }

    static final String EMPTY_R = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}";
}
