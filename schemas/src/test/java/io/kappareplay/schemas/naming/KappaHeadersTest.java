package io.kappareplay.schemas.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KappaHeadersTest {

    @Test
    void headerNames() {
        assertThat(KappaHeaders.JOB).isEqualTo("kappa.job");
        assertThat(KappaHeaders.SNAPSHOT).isEqualTo("kappa.snapshot");
        assertThat(KappaHeaders.LINEAGE).isEqualTo("kappa.lineage");
        assertThat(KappaHeaders.INGRESS_PARTITION).isEqualTo("kappa.ingress.partition");
        assertThat(KappaHeaders.INGRESS_OFFSET).isEqualTo("kappa.ingress.offset");
        assertThat(KappaHeaders.ATTEMPTS).isEqualTo("kappa.attempts");
        assertThat(KappaHeaders.OUTPUT_INDEX).isEqualTo("kappa.output.index");
        assertThat(KappaHeaders.OUTPUT_COUNT).isEqualTo("kappa.output.count");
        assertThat(KappaHeaders.ERROR_CLASS).isEqualTo("kappa.error.class");
        assertThat(KappaHeaders.ERROR_MESSAGE).isEqualTo("kappa.error.message");
        assertThat(KappaHeaders.ERROR_STAGE).isEqualTo("kappa.error.stage");
        assertThat(KappaHeaders.ERROR_HTTP_STATUS).isEqualTo("kappa.error.http-status");
    }
}
