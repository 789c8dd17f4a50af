package dev.custody.metal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramCacheTest {

    @Test
    void newCache_isDisabledAndEmpty() {
        ProgramCache cache = new ProgramCache();

        assertThat(cache.isEnabled()).isFalse();
        assertThat(cache.numEntries()).isZero();
        assertThat(cache.find(1)).isEmpty();
    }

    @Test
    void insert_whenDisabled_throws() {
        ProgramCache cache = new ProgramCache();

        assertThatThrownBy(() -> cache.insert(5, () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("program cache is disabled; call enable() before inserting entry 5");
    }

    @Test
    void insert_thenFind_returnsTheSameEntry_andDuplicateKeyIsRejected() {
        ProgramCache cache = new ProgramCache();
        cache.enable();
        AutoCloseable entry = () -> {};

        cache.insert(42, entry);

        assertThat(cache.find(42)).containsSame(entry);
        assertThat(cache.numEntries()).isEqualTo(1);
        assertThatThrownBy(() -> cache.insert(42, () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("program cache already holds an entry for key 42; use find(key) to reuse it");
    }

    @Test
    void clear_closesEveryEntryInInsertionOrder_andStaysEnabled() {
        ProgramCache cache = new ProgramCache();
        cache.enable();
        List<Long> closed = new ArrayList<>();
        for (long key : new long[] {30, 10, 20}) {
            cache.insert(key, () -> closed.add(key));
        }

        cache.clear();

        assertThat(closed).containsExactly(30L, 10L, 20L);
        assertThat(cache.numEntries()).isZero();
        assertThat(cache.isEnabled()).isTrue();
    }

    @Test
    void disableAndClear_disablesThenClosesEverything() {
        ProgramCache cache = new ProgramCache();
        cache.enable();
        List<Long> closed = new ArrayList<>();
        cache.insert(1, () -> closed.add(1L));

        cache.disableAndClear();

        assertThat(cache.isEnabled()).isFalse();
        assertThat(closed).containsExactly(1L);
        assertThat(cache.find(1)).isEmpty();
    }

    @Test
    void clear_whenEntriesFail_closesTheRestAndReportsTheFirst() {
        ProgramCache cache = new ProgramCache();
        cache.enable();
        List<Long> closed = new ArrayList<>();
        cache.insert(1, () -> {
            throw new IOException("disk");
        });
        cache.insert(2, () -> closed.add(2L));
        cache.insert(3, () -> {
            throw new IllegalArgumentException("third");
        });

        assertThatThrownBy(cache::clear)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("closing program cache entry 1 failed")
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(closed).containsExactly(2L);
        assertThat(cache.numEntries()).isZero();
    }
}
