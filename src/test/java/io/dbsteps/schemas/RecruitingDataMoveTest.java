package io.dbsteps.schemas;

import static io.dbsteps.schemas.RecruitingRows.id;
import static io.dbsteps.schemas.RecruitingRows.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.UpdateResult;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recruiting data moves on hand-made data, on both databases: the plan's "16 -> 11" case, requests that cannot
 * be matched, the rounding of scores, scores that cannot fit, the role mapping and the prompts' creators.
 */
class RecruitingDataMoveTest {
    private static final String TRACKING = Target.shipped("recruiting").excludedTables();

    /** A database of its own at recruiting 1.0, the baseline every case writes its rows into. */
    private record AtBaseline(TestDb db, Connection connection, DbSteps steps, RecruitingRows rows)
            implements AutoCloseable {
        static AtBaseline open(TestDb.Kind kind) throws Exception {
            TestDb db = TestDb.create(kind);
            Connection c = db.connect();
            DbSteps steps = db.configure().schema("recruiting").load();
            steps.updateTo("1.0");
            return new AtBaseline(db, c, steps, new RecruitingRows(c));
        }

        @Override
        public void close() throws Exception {
            try (TestDb owned = db) {
                connection.close();
            }
        }
    }

    /**
     * Data equivalent to the plan's: 16 uploads by three users (one uploaded 6 files in two batches with the same
     * time, one 5 files at one time), and 16 analysis requests, 5 of them asked by an admin for someone else's
     * file. The plan's joins give 48 assignments and 86 resumes for the 16 uploads, and 11 review requests for the
     * 16 requests; the changelog gives 16 of each, each linked to the right upload.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void thePlansSixteenRequestsComeOutAsSixteenReviewRequests(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            Connection c = baseline.connection();
            RecruitingRows rows = baseline.rows();
            rows.user("ana", "consultant");
            rows.user("ben", "consultant");
            rows.user("cho", "consultant");
            rows.user("dee", "admin");
            for (int n = 1; n <= 16; n++) {
                String user = n <= 6 ? "ana" : n <= 11 ? "ben" : "cho";
                String at = n <= 3 ? "2025-09-01 09:00:00" : n <= 6 ? "2025-09-02 09:00:00"
                        : n <= 11 ? "2025-09-03 09:0" + (n - 7) + ":00" : "2025-09-04 09:00:00";
                String file = String.format("f%02d.pdf", n);
                rows.upload("upload-" + n, user, file, user + "-cv-" + n + ".pdf", at);
                boolean byAdmin = List.of(2, 5, 8, 12, 15).contains(n);
                rows.request("request-" + n, byAdmin ? "dee" : user, "/data/uploads/" + file, at);
                rows.result("result-" + n, "request-" + n, "80", "70", "90", "1500");
            }
            SortedMap<String, String> original = RowChecksums.of(c, TRACKING);

            // The plan's own keys, evaluated on the same data (a candidate or resume made from each upload carries
            // the upload's user, time and file name, so the plan's joins can be read off file_uploads directly).
            assertThat(rows.count("SELECT COUNT(*) FROM file_uploads fu JOIN file_uploads c"
                    + " ON c.user_id = fu.user_id AND c.created_at = fu.created_at")).as("plan step 2.1").isEqualTo(48);
            assertThat(rows.count("SELECT COUNT(*) FROM file_uploads fu JOIN file_uploads c ON c.user_id = fu.user_id"))
                    .as("plan step 2.2").isEqualTo(86);
            assertThat(rows.count("SELECT COUNT(*) FROM analysis_requests ar"
                    + " JOIN file_uploads fu ON ar.file_path LIKE '%' || fu.filename || '%'"
                    + " JOIN file_uploads r ON r.original_filename = fu.original_filename AND r.user_id = ar.user_id"))
                    .as("plan step 3.2").isEqualTo(11);

            UpdateResult result = steps.update();

            assertThat(notes(result, "1.1-phase3-03")).isEmpty();
            assertThat(notes(result, "1.1-01")).isEmpty();
            for (String table : List.of("candidates", "user_candidate_assignments", "resumes", "review_requests",
                    "review_results")) {
                assertThat(rows.count("SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(16);
            }
            assertThat(rows.count("SELECT COUNT(*) FROM resumes r JOIN file_uploads_backup_v1_0 fu ON fu.id = r.id"
                    + " JOIN candidates c ON c.id = r.candidate_id"
                    + " WHERE c.id = fu.id AND r.uploaded_by_user_id = fu.user_id AND c.created_by_user_id = fu.user_id"
                    + " AND r.original_filename = fu.original_filename AND r.stored_filename = fu.filename"))
                    .as("resumes linked to their own candidate and uploader").isEqualTo(16);
            assertThat(rows.longs("SELECT COUNT(*) FROM resumes r JOIN users u ON u.id = r.uploaded_by_user_id"
                    + " GROUP BY u.email ORDER BY u.email")).containsExactly(6L, 5L, 5L);
            assertThat(rows.count("SELECT COUNT(*) FROM user_candidate_assignments a JOIN resumes r"
                    + " ON r.candidate_id = a.candidate_id WHERE a.user_id = r.uploaded_by_user_id AND a.is_active"))
                    .as("each candidate assigned to its uploader").isEqualTo(16);
            assertThat(rows.count("SELECT COUNT(*) FROM review_requests rr"
                    + " JOIN analysis_requests_backup_v1_0 ar ON ar.id = rr.id"
                    + " JOIN file_uploads_backup_v1_0 fu ON fu.id = rr.resume_id"
                    + " WHERE fu.file_path = ar.file_path AND rr.requested_by_user_id = ar.user_id"))
                    .as("review requests for the upload at their file_path, by their requester").isEqualTo(16);
            assertThat(rows.count("SELECT COUNT(*) FROM review_requests rr JOIN users u ON u.id = rr.requested_by_user_id"
                    + " WHERE u.role = 'admin'")).as("requests an admin made for others' files").isEqualTo(5);
            assertThat(rows.count("SELECT COUNT(*) FROM review_results x"
                    + " JOIN analysis_results_backup_v1_0 a ON a.id = x.id WHERE x.review_request_id = a.request_id"))
                    .isEqualTo(16);

            steps.rollbackTo("1.0");
            assertThat(RowChecksums.of(c, TRACKING)).isEqualTo(original);
        }
    }

    /**
     * A request whose file_path names no upload, names two uploads, or is NULL is not moved; the update result says
     * how many, at phase 3 and again at 1.1, and the rows stay in the backup tables.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void requestsThatCannotBeMatchedAreCountedAndReportedNotDropped(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            RecruitingRows rows = baseline.rows();
            rows.user("uma", "consultant");
            rows.upload("one", "uma", "one.pdf", "cv.pdf", "2025-05-01 10:00:00");
            rows.upload("twin-a", "uma", "shared.pdf", "cv.pdf", "2025-05-01 10:00:00");
            rows.upload("twin-b", "uma", "shared.pdf", "cv.pdf", "2025-05-01 10:00:00");
            rows.request("matched", "uma", "/data/uploads/one.pdf", "2025-05-02 10:00:00");
            rows.request("ambiguous", "uma", "/data/uploads/shared.pdf", "2025-05-02 10:00:00");
            rows.request("unknown", "uma", "/data/uploads/deleted.pdf", "2025-05-02 10:00:00");
            rows.request("no-path", "uma", null, "2025-05-02 10:00:00");
            rows.result("r-matched", "matched", "60", "60", "60", "10");
            rows.result("r-ambiguous", "ambiguous", "61", "61", "61", "10");
            rows.result("r-unknown", "unknown", "62", "62", "62", "10");

            UpdateResult result = steps.update();

            assertThat(notes(result, "1.1-phase3-03")).singleElement().asString()
                    .startsWith("3 analysis request(s) were not moved to review_requests");
            assertThat(notes(result, "1.1-phase3-05")).singleElement().asString()
                    .startsWith("2 analysis result(s) belong to analysis requests that were not moved");
            assertThat(notes(result, "1.1-01")).containsExactly(
                    "3 analysis request(s) in analysis_requests_backup_v1_0 have no review request with their id",
                    "2 analysis result(s) in analysis_results_backup_v1_0 have no review result with their id");
            assertThat(rows.strings("SELECT id FROM review_requests")).containsExactly(id("matched"));
            assertThat(rows.strings("SELECT resume_id FROM review_requests")).containsExactly(id("one"));
            assertThat(rows.strings("SELECT id FROM review_results")).containsExactly(id("r-matched"));
            assertThat(rows.count("SELECT COUNT(*) FROM resumes")).as("uploads sharing a path and a hash").isEqualTo(3);
            assertThat(rows.count("SELECT COUNT(*) FROM analysis_requests_backup_v1_0")).isEqualTo(4);
            assertThat(rows.count("SELECT COUNT(*) FROM analysis_results_backup_v1_0")).isEqualTo(3);
        }
    }

    /** Scores are rounded half away from zero, the same on both databases, and the rounding is reported. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void scoresAreRoundedHalfAwayFromZeroOnBothDatabases(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            Connection c = baseline.connection();
            RecruitingRows rows = baseline.rows();
            rows.user("ida", "consultant");
            rows.upload("file", "ida", "file.pdf", "cv.pdf", "2025-05-01 10:00:00");
            rows.request("request", "ida", "/data/uploads/file.pdf", "2025-05-02 10:00:00");
            rows.result("a", "request", "49.5", "50.5", "0.4", "1234.5");
            rows.result("b", "request", "99.5", "100.49", "-0.49", "2.5");
            rows.result("c", "request", "12.5", "NULL", "100", "0");
            rows.result("d", "request", "80", "70", "60", "1000");

            UpdateResult result = steps.update();

            assertThat(notes(result, "1.1-phase3-05")).containsExactly("3 moved analysis result(s) had fractional"
                    + " scores or times; review_results holds them rounded to whole numbers (the originals stay in"
                    + " analysis_results)");
            String row = "SELECT overall_score, content_score, formatting_score, processing_time_ms FROM review_results"
                    + " WHERE id = '";
            assertThat(scores(rows, row + id("a") + "'")).containsExactly(50L, 51L, 0L, 1235L);
            assertThat(scores(rows, row + id("b") + "'")).containsExactly(100L, 100L, 0L, 3L);
            assertThat(scores(rows, row + id("c") + "'")).containsExactly(13L, null, 100L, 0L);
            assertThat(scores(rows, row + id("d") + "'")).containsExactly(80L, 70L, 60L, 1000L);
        }
    }

    private static List<Long> scores(RecruitingRows rows, String sql) {
        List<Long> out = new java.util.ArrayList<>();
        for (String col : List.of("overall_score", "content_score", "formatting_score", "processing_time_ms")) {
            out.add(rows.longs(sql.replace("SELECT overall_score, content_score, formatting_score, processing_time_ms",
                    "SELECT " + col)).get(0));
        }
        return out;
    }

    /** A score that would round outside 0..100 stops the update before anything of phase 3 runs. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aScoreThatCannotFitStopsPhase3BeforeAnythingOfItRuns(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            RecruitingRows rows = baseline.rows();
            rows.user("ola", "consultant");
            rows.upload("file", "ola", "file.pdf", "cv.pdf", "2025-05-01 10:00:00");
            rows.request("request", "ola", "/data/uploads/file.pdf", "2025-05-02 10:00:00");
            rows.result("fine", "request", "100.4", "99", "98", "10");
            rows.result("too-high", "request", "100.5", "99", "98", "10");

            assertThatThrownBy(steps::update)
                    .isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED))
                    .hasMessageContaining("1.1-phase3-01-require-scores-that-fit")
                    .hasMessageContaining("1 row(s) of analysis_results do not satisfy: scores must round to 0..100")
                    .hasMessageContaining("(for example id = " + id("too-high") + ")");
            assertThat(steps.status().currentTag()).isEqualTo("1.1-phase2");
            assertThat(steps.status().pending().get(0).id()).isEqualTo("1.1-phase3-01-require-scores-that-fit");

            rows.exec("UPDATE analysis_results SET overall_score = 100.4 WHERE id = '" + id("too-high") + "'");
            steps.update();
            assertThat(rows.longs("SELECT overall_score FROM review_results")).containsExactly(100L, 100L);
        }
    }

    /**
     * consultant becomes junior_recruiter and admin stays admin; the new CHECK then refuses consultant. The rollback
     * maps back exactly; a senior_recruiter, which only v1.1 has, becomes a consultant.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rolesAreMappedAndTheRollbackMapsThemBack(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            Connection c = baseline.connection();
            RecruitingRows rows = baseline.rows();
            rows.user("cora", "consultant");
            rows.user("carl", "consultant");
            rows.user("ada", "admin");
            SortedMap<String, String> original = RowChecksums.of(c, TRACKING);

            steps.updateTo("1.1-phase1");
            String roles = "SELECT role FROM users ORDER BY email";
            assertThat(rows.strings(roles)).containsExactly("admin", "junior_recruiter", "junior_recruiter");
            assertThat(rows.count("SELECT COUNT(*) FROM users WHERE migration_v1_1_completed")).isEqualTo(3);
            assertThatThrownBy(() -> rows.user("late", "consultant")).message().containsIgnoringCase("check constraint");
            rows.user("sam", "senior_recruiter");

            steps.rollbackTo("1.0");
            assertThat(rows.strings(roles)).containsExactly("admin", "consultant", "consultant", "consultant");
            assertThatThrownBy(() -> rows.user("jim", "junior_recruiter")).message().containsIgnoringCase("check constraint");
            rows.exec("DELETE FROM users WHERE id = '" + id("sam") + "'");
            assertThat(RowChecksums.of(c, TRACKING)).isEqualTo(original);
        }
    }

    /**
     * prompts.created_by is dropped at 1.1-phase5 but kept in prompts_created_by_backup_v1_0; the rollback puts it
     * back. A creator deleted in between (v1.1 allows it) comes back as NULL, the only value v1.0's key allows.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void promptCreatorsAreKeptAndComeBackOnRollback(TestDb.Kind kind) throws Exception {
        try (AtBaseline baseline = AtBaseline.open(kind)) {
            DbSteps steps = baseline.steps();
            RecruitingRows rows = baseline.rows();
            rows.user("pia", "consultant");
            rows.user("pat", "admin");
            rows.prompt("p-pia", "pia");
            rows.prompt("p-pat", "pat");
            rows.prompt("p-none", null);

            steps.update();
            assertThat(rows.count("SELECT COUNT(*) FROM prompts_created_by_backup_v1_0")).isEqualTo(2);
            assertThatThrownBy(() -> rows.count("SELECT COUNT(created_by) FROM prompts")).hasMessageContaining("created_by");
            assertThat(rows.strings("SELECT agent_type FROM prompts")).containsOnlyNulls().hasSize(3);
            rows.exec("UPDATE prompts SET agent_type = 'structure_agent' WHERE id = '" + id("p-pia") + "'");
            rows.exec("DELETE FROM users WHERE id = '" + id("pat") + "'");

            steps.rollbackTo("1.1-phase4");
            String creators = "SELECT created_by FROM prompts ORDER BY name";
            assertThat(rows.strings(creators)).containsExactly(null, null, id("pia"));
        }
    }
}
