package io.kappareplay.consumer.runtime;

import io.kappareplay.service.api.HandlerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link DeterministicHandler} taking 50 ms a record, for runs a main starts (which opens handlers
 * without properties) that must still be in progress when they are stopped.
 */
public class SlowHandler extends DeterministicHandler {
    @Override
    public void open(HandlerConfig config) {
        Map<String, String> properties = new HashMap<>(config.properties());
        properties.putIfAbsent("sleep-ms", "50");
        super.open(new HandlerConfig(config.jobId(), config.snapshotInstant(), properties));
    }
}
