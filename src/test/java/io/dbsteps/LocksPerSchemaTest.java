package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Locks are per database, namespace and schema, never per JVM: while one command holds its schema's lock (here, a
 * progress listener that blocks until the other commands are done), commands on other databases and schemas run to
 * the end in the same JVM, and a command on the same schema waits for the lock, however it reaches the database.
 * With a process-wide lock, the held command and the others would wait for each other until the test times out.
 */
class LocksPerSchemaTest {
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Runs an update of codorch that stops after its first changeset until {@code release} opens. */
    private Future<UpdateResult> heldUpdate(TestDb db, CountDownLatch holding, CountDownLatch release) {
        DbSteps held = db.configure().schema("codorch").progress(step -> {
            holding.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).load();
        return threads.submit(held::update);
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void otherDatabasesAndSchemasRunWhileOneSchemaIsLocked(TestDb.Kind kind) throws Exception {
        try (TestDb first = TestDb.create(kind); TestDb second = TestDb.create(kind)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<UpdateResult> held = heldUpdate(first, holding, release);
            assertThat(holding.await(60, TimeUnit.SECONDS)).as("the first update started").isTrue();

            CompletableFuture<UpdateResult> other = CompletableFuture.supplyAsync(
                    () -> second.configure().schema("aarlp").load().updateTo("1.1"), threads);
            UpdateResult otherDatabase = other.get(120, TimeUnit.SECONDS);
            StatusResult status = first.configure().schema("trajectory").load().status();
            StatusResult sameSchemaStatus = first.configure().schema("codorch").load().status();

            assertThat(held.isDone()).as("the first update still holds its lock").isFalse();
            assertThat(otherDatabase.toTag()).isEqualTo("1.1");
            assertThat(status.pending()).isNotEmpty();
            assertThat(sameSchemaStatus.pending()).as("status reads without the lock").isNotEmpty();
            release.countDown();
            assertThat(held.get(120, TimeUnit.SECONDS).toTag()).isEqualTo("1.0");
        }
    }

    @Test
    void aSecondWayToTheSameSqliteFileMeetsTheSameLock() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            Path file = Path.of(db.url().substring("jdbc:sqlite:".length()));
            Path link = file.resolveSibling("link-to-" + file.getFileName());
            Files.createSymbolicLink(link, file);
            try {
                CountDownLatch holding = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<UpdateResult> held = heldUpdate(db, holding, release);
                assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
                DbSteps viaLink = DbSteps.configure().url("jdbc:sqlite:" + link).schema("codorch")
                        .lockWait(Duration.ofMillis(300)).load();
                refused(viaLink::update, ErrorCode.LOCKED, "dbsteps " + ProcessHandle.current().pid() + "@");
                release.countDown();
                held.get(120, TimeUnit.SECONDS);
                assertThat(viaLink.status().pending()).isEmpty();
            } finally {
                Files.deleteIfExists(link);
            }
        }
    }

    @Test
    void aLockFileThatCannotBeOpenedIsNotReportedAsAnotherHolder() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            Path file = Path.of(db.url().substring("jdbc:sqlite:".length()));
            Files.createDirectory(file.resolveSibling(file.getFileName() + ".dbsteps_codorch_lock"));
            DbSteps steps = db.configure().schema("codorch").load();
            long start = System.nanoTime();
            refused(steps::update, ErrorCode.LOCK_UNAVAILABLE, "cannot be created or opened");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for a holder that does not exist")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(steps.history().applied()).isEmpty();
        }
    }
}
