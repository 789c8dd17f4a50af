package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CppDoubleTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "0.5, 0.5",
        "0.09765625, 0.0976562", // 100 / 1024: six significant digits, ties to even
        "14.109375, 14.1094",
        "112, 112",
        "123456, 123456",
        "1234567, 1.23457e+06",
        "1500000, 1.5e+06",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "0.000123456789, 0.000123457",
        "-2.5, -2.5",
        "100000, 100000",
        "999999.5, 1e+06"
    })
    void format_matchesCppOstreamDefaults(double v, String expected) {
        assertThat(CppDouble.format(v)).isEqualTo(expected);
    }
}
