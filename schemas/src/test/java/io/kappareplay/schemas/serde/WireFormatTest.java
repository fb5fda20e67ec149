package io.kappareplay.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.header(7)).containsExactly(0, 0, 0, 0, 7);
    }

    @Test
    void encodeThenDecodeGivesIdAndBody() {
        byte[] payload = WireFormat.encode(258, new byte[] {10, 20, 30});

        assertThat(payload).containsExactly(0, 0, 0, 1, 2, 10, 20, 30);
        WireFormat.Frame frame = WireFormat.decode(payload);
        assertThat(frame.schemaId()).isEqualTo(258);
        assertThat(frame.bodyOffset()).isEqualTo(5);
        assertThat(frame.bodyLength()).isEqualTo(3);
        ByteBuffer body = frame.body();
        assertThat(body.isReadOnly()).isTrue();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        assertThat(bytes).containsExactly(10, 20, 30);
    }

    @Test
    void headerAloneIsAnEmptyBody() {
        WireFormat.Frame frame = WireFormat.decode(WireFormat.header(9));

        assertThat(frame.schemaId()).isEqualTo(9);
        assertThat(frame.bodyLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void payloadShorterThanTheHeaderIsRefused(int length) {
        assertThatThrownBy(() -> WireFormat.decode(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "payload is "
                                + length
                                + " bytes, shorter than the 5-byte wire-format header (magic byte and"
                                + " schema id)");
    }

    @Test
    void wrongMagicByteIsRefused() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[] {1, 0, 0, 0, 7, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "first byte is 1, not the wire-format magic byte 0 (not written by a"
                                + " Confluent-format Avro serializer)");
    }
}
