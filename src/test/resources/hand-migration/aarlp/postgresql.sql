-- The playbook's own migrations for aarlp, as the SQL they run on PostgreSQL, in the playbook's order, one statement
-- per step (each ends with a semicolon at the end of a line). A database migrated by hand with any prefix of these
-- statements must converge to the head of the changelog after an update.
-- Adaptations, each needed for the SQL to run at all: the Alembic calls are written as the SQL they emit;
-- "Add status column" is left out (status is part of release 1.0); "Candidates Table Changes" keeps only its index
-- (semantic_score is part of release 1.0); the multi-step backfill's "UPDATE ... LIMIT 10000", which PostgreSQL
-- rejects, is written as the valid "UPDATE ... WHERE id IN (SELECT ... LIMIT 10000)".
-- Pattern 1: Adding a Column
ALTER TABLE jobs ADD COLUMN salary_range VARCHAR;
UPDATE jobs SET salary_range = 'Competitive' WHERE salary_range IS NULL;
ALTER TABLE jobs ALTER COLUMN salary_range SET NOT NULL;
-- Pattern 2: Renaming a Column
ALTER TABLE jobs RENAME COLUMN jd_content TO description;
-- Pattern 3: Adding Foreign Key
ALTER TABLE candidates ADD COLUMN job_id UUID;
UPDATE candidates c
    SET job_id = (SELECT id FROM jobs WHERE jobs.id = c.job_id_temp);
ALTER TABLE candidates ALTER COLUMN job_id SET NOT NULL;
ALTER TABLE candidates ADD CONSTRAINT fk_candidates_job_id
    FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE;
-- Pattern 4: Adding Index
CREATE INDEX ix_jobs_status_created_at ON jobs (status, created_at);
-- Pattern 5: Data Migration
UPDATE jobs
    SET requirements = jsonb_build_object(
        'required', requirements_old,
        'preferred', '{}'::jsonb
    )
    WHERE requirements_old IS NOT NULL;
-- Pattern 6: Enum Changes, adding a value
ALTER TYPE job_status ADD VALUE IF NOT EXISTS 'ARCHIVED';
-- Pattern 6: Enum Changes, removing a value
CREATE TYPE job_status_new AS ENUM (
    'PENDING', 'ACTIVE', 'ARCHIVED'
);
UPDATE jobs
    SET status = 'ARCHIVED'
    WHERE status = 'DEPRECATED_STATUS';
ALTER TABLE jobs
    ALTER COLUMN status TYPE job_status_new
    USING status::text::job_status_new;
DROP TYPE job_status;
ALTER TYPE job_status_new RENAME TO job_status;
-- AARLP-Specific Patterns: Jobs Table Changes
ALTER TABLE jobs ADD COLUMN workflow_status VARCHAR;
UPDATE jobs SET workflow_status = 'PENDING';
ALTER TABLE jobs ALTER COLUMN workflow_status SET NOT NULL;
-- AARLP-Specific Patterns: Candidates Table Changes
CREATE INDEX ix_candidates_job_id_semantic_score ON candidates (job_id, semantic_score DESC);
-- Concurrent Index Creation
CREATE INDEX CONCURRENTLY ix_jobs_created_at
    ON jobs (created_at);
-- Multi-Step Migrations (Large Tables)
ALTER TABLE jobs ADD COLUMN new_field VARCHAR;
UPDATE jobs
    SET new_field = old_field
    WHERE id IN (SELECT id FROM jobs WHERE new_field IS NULL LIMIT 10000);
ALTER TABLE jobs ALTER COLUMN new_field SET NOT NULL;
