package io.kappareplay.publisher.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

/**
 * The last check: records built by hand, some broken in ways Avro's own validation lets through.
 */
class ContractValidatorTest {
    private static final Schema PAYMENT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Payment", "namespace": "test.kappa", "fields": [
                              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}},
                              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OK", "FAILED"]}},
                              {"name": "payer", "type": {"type": "record", "name": "Payer", "fields": [
                                {"name": "name", "type": "string"},
                                {"name": "iban", "type": ["null", {"type": "fixed", "name": "Iban", "size": 4}]}]}},
                              {"name": "retries", "type": {"type": "array", "items": "long"}},
                              {"name": "labels", "type": {"type": "map", "values": "int"}}]}
                            """);
    private static final Schema PAYER = PAYMENT.getField("payer").schema();
    private static final Schema IBAN = PAYER.getField("iban").schema().getTypes().get(1);

    private static GenericRecordBuilder valid() {
        return new GenericRecordBuilder(PAYMENT)
                .set("id", "123e4567-e89b-12d3-a456-426614174000")
                .set("amount", ByteBuffer.wrap(BigInteger.valueOf(9999).toByteArray()))
                .set(
                        "status",
                        new GenericData.EnumSymbol(PAYMENT.getField("status").schema(), "OK"))
                .set(
                        "payer",
                        new GenericRecordBuilder(PAYER)
                                .set("name", "Ada")
                                .set("iban", new GenericData.Fixed(IBAN, new byte[4]))
                                .build())
                .set("retries", List.of(1L, 2L))
                .set("labels", Map.of("a", 1));
    }

    @Test
    void recordThatFitsPasses() {
        assertThat(ContractValidator.validate(PAYMENT, valid().build())).isEmpty();
    }

    /** 10000 at scale 2 is 100.00: five digits, one more than decimal(4,2) holds. */
    @Test
    void decimalBeyondItsPrecisionFailsWhereAvroSeesOnlyBytes() {
        GenericData.Record record =
                valid().set("amount", ByteBuffer.wrap(BigInteger.valueOf(10000).toByteArray()))
                        .build();

        assertThat(GenericData.get().validate(PAYMENT, record)).isTrue();
        FieldReject reject = ContractValidator.validate(PAYMENT, record).orElseThrow();
        assertThat(reject.field()).isEqualTo("amount");
        assertThat(reject.column()).isEmpty();
        assertThat(reject.reason()).isEqualTo(RejectReason.CONTRACT_VALIDATION);
        assertThat(reject.value()).contains("0x2710");
        assertThat(reject.problem())
                .isEqualTo("has 5 digits, more than the precision of decimal(4,2)");
    }

    @Test
    void uuidTextIsChecked() {
        GenericData.Record record = valid().set("id", "not-a-uuid").build();

        assertThat(GenericData.get().validate(PAYMENT, record)).isTrue();
        assertThat(ContractValidator.validate(PAYMENT, record).orElseThrow().problem())
                .isEqualTo("is not a UUID");
    }

    @Test
    void everyBrokenPlaceIsNamedByItsPath() {
        assertThat(problemAt(valid().set("retries", List.of(1L, 2))))
                .isEqualTo("retries[1]: is a java.lang.Integer, not the Long of long");
        assertThat(problemAt(valid().set("labels", Map.of("a", 1L))))
                .isEqualTo("labels{a}: is a java.lang.Long, not the Integer of int");
        GenericRecord payer =
                new GenericRecordBuilder(PAYER).set("name", "Ada").set("iban", null).build();
        payer.put("name", null);
        assertThat(problemAt(valid().set("payer", payer)))
                .isEqualTo("payer.name: is null, and string is not");
        GenericRecord shortIban =
                new GenericRecordBuilder(PAYER)
                        .set("name", "Ada")
                        .set("iban", new GenericData.Fixed(IBAN, new byte[3]))
                        .build();
        assertThat(problemAt(valid().set("payer", shortIban)))
                .isEqualTo("payer.iban: fits no branch of fixed test.kappa.Iban(4) or null");
        Schema otherStatus =
                Schema.createEnum("Status", null, "other", List.of("OK", "FAILED", "LOST"));
        assertThat(problemAt(valid().set("status", new GenericData.EnumSymbol(otherStatus, "OK"))))
                .isEqualTo("status: is not a symbol of enum test.kappa.Status");
    }

    private static String problemAt(GenericRecordBuilder builder) {
        FieldReject reject = ContractValidator.validate(PAYMENT, builder.build()).orElseThrow();
        return reject.field() + ": " + reject.problem();
    }
}
