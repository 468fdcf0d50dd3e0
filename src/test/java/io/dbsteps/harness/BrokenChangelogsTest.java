package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A harness is only as good as what it sees. Each changelog under {@code broken/} hides one defect the proof kit's
 * {@code verify()} must reject, with a message that names the changeset and the difference; {@code broken/good} makes
 * the same kind of change correctly and must pass, so the rejections are about the defects and nothing else.
 */
class BrokenChangelogsTest {

    private static Target target(String name) {
        return Target.custom(name, "broken/" + name + "/changelog.yaml", "proof_" + name.replace('-', '_'));
    }

    @ParameterizedTest(name = "good changelog passes on {0}")
    @EnumSource(TestDb.Kind.class)
    void theCorrectVersionPassesEveryProof(TestDb.Kind kind) {
        List<String> tags = new ArrayList<>();
        try (TestDb db = TestDb.create(kind)) {
            target("good").proof(db).atEachTag((tag, snapshot) -> tags.add(tag)).verify();
        }
        assertThat(tags).containsExactly("1");
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                // case, database, what the rejection must mention
                Arguments.of("rollback-leaves-column", TestDb.Kind.POSTGRESQL, "extra:      table/items/column/note"),
                Arguments.of("rollback-leaves-column", TestDb.Kind.SQLITE, "extra:      table/items/column/note"),
                // dbsteps' SQLite generators drop the column exactly; what stays broken is the rollback, which
                // restores the column's CHECK on PostgreSQL only.
                Arguments.of("sqlite-dropcolumn", TestDb.Kind.SQLITE, "missing:    table/items/check/(PRICE >= 0)"),
                Arguments.of("dropped-check", TestDb.Kind.POSTGRESQL,
                        "missing:    table/items/check/items_price_check = CHECK ((price >= (0)::numeric))"),
                Arguments.of("dropped-check", TestDb.Kind.SQLITE, "missing:    table/items/check/(PRICE >= 0)"),
                Arguments.of("changed-unique", TestDb.Kind.POSTGRESQL,
                        "changed:    table/items/unique/uq_items_code: UNIQUE (code) -> UNIQUE (code, name)"),
                Arguments.of("changed-unique", TestDb.Kind.SQLITE, "extra:      table/items/unique/(code,name)"),
                Arguments.of("drifted-type", TestDb.Kind.POSTGRESQL,
                        "changed:    table/items/column/name: varchar(100) -> varchar(255)"),
                Arguments.of("drifted-type", TestDb.Kind.SQLITE,
                        "changed:    table/items/column/name: VARCHAR(100) -> TEXT"));
    }

    @ParameterizedTest(name = "{0} is rejected on {1}")
    @MethodSource("defects")
    void everyDefectIsRejectedWithAMessageThatNamesIt(String name, TestDb.Kind kind, String mentions) {
        try (TestDb db = TestDb.create(kind)) {
            assertThatThrownBy(() -> target(name).proof(db).verify())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("per changeset 2-")
                    .hasMessageContaining(mentions);
            // The kit leaves the database as it found it, whatever the defect did.
            assertThat(target(name).load(db).history().applied()).isEmpty();
            try (var c = db.connect()) {
                assertThat(SchemaSnapshot.take(c, target(name).excludedTables()).canonical().objects()).isEmpty();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void dropColumnWithAColumnNameDropsItOnSqliteAsOnPostgresql() {
        // Liquibase's own SQLite dropColumn silently kept the column; dbsteps' generators drop it, so the updated
        // databases agree.
        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); TestDb lite = TestDb.create(TestDb.Kind.SQLITE)) {
            target("sqlite-dropcolumn").proof(pg, lite).only(ProofKind.PARITY).verify();
        }
    }

    @ParameterizedTest(name = "a missing rollback is refused before anything runs on {0}")
    @EnumSource(TestDb.Kind.class)
    void aMissingRollbackIsRefused(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            assertThatThrownBy(() -> target("missing-rollback").proof(db).only(ProofKind.PER_CHANGESET).verify())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("per changeset 2-index-name")
                    .hasMessageContaining("has no rollback")
                    .rootCause()
                    .isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.ROLLBACK_IMPOSSIBLE));
        }
    }

    @ParameterizedTest(name = "dropColumn on PostgreSQL is exact")
    @EnumSource(value = TestDb.Kind.class, names = "POSTGRESQL")
    void dropColumnIsOnlyBrokenOnSqlite(TestDb.Kind kind) {
        // The same changelog passes on PostgreSQL: the rejection on SQLite is about Liquibase's SQLite rebuild.
        try (TestDb db = TestDb.create(kind)) {
            target("sqlite-dropcolumn").proof(db).verify();
        }
    }
}
