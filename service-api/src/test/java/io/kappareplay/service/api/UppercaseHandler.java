package io.kappareplay.service.api;

import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** A blocking test handler, registered in META-INF/services for the ServiceLoader test. */
public final class UppercaseHandler implements ReplayHandler {
    @Override
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context)
            throws PermanentHandlerException {
        Object name = input.value().get("name");
        if (name == null) {
            throw new PermanentHandlerException("input " + input.key() + " has no name");
        }
        GenericRecord output = new GenericData.Record(input.value().getSchema());
        output.put("name", name.toString().toUpperCase(java.util.Locale.ROOT));
        return List.of(ReplayOutput.of(output));
    }
}
