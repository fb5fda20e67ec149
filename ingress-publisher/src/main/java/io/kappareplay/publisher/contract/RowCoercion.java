package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.avro.generic.GenericData;

/** What {@link RowCoercer#coerce} made of one row: a contract record, or the reasons it is none. */
public sealed interface RowCoercion {

    /** The row as a record of the contract, checked by {@link ContractValidator}. */
    record Accepted(GenericData.Record record) implements RowCoercion {
        public Accepted {
            requireNonNull(record, "record");
        }
    }

    /**
     * The row cannot be published. Every top-level field that failed is listed, in contract order;
     * inside a nested value (struct, array, map) the first failure stands for it.
     */
    record Rejected(List<FieldReject> rejects) implements RowCoercion {
        public Rejected {
            rejects = List.copyOf(rejects);
            if (rejects.isEmpty()) {
                throw new IllegalArgumentException("A rejected row has at least one reject");
            }
        }
    }
}
