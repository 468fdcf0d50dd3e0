-- The v1.0 -> v1.1 migration plan of the recruiting platform, run by hand on PostgreSQL, statement by statement,
-- in the plan's order (Phase 1 to Phase 6), starting from release 1.0. The statements are the plan's, with the
-- corrections the changelog makes, so that they are what a careful person would have run:
--   - the roles are mapped between dropping and adding users_role_check (the plan's swap fails on every consultant),
--     and the migration flag is set once the roles are mapped;
--   - the data moves carry the v1.0 ids (candidate, assignment and resume take the upload's id, a review request the
--     analysis request's id, ...) and match requests to uploads on the exact file_path, instead of joining on
--     created_by, timestamps and LIKE;
--   - "current_role" is quoted (a reserved word), primary keys are NOT NULL, resumes.file_hash is unique per
--     candidate;
--   - prompts.created_by is copied into prompts_created_by_backup_v1_0 before the plan drops it.
-- Not here: activity_logs (the plan lists it but gives no SQL), and the plan's six sample usage rows.

-- Phase 1, step 1.1: core tables
CREATE TABLE candidates (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name VARCHAR(100) NOT NULL,
  last_name VARCHAR(100) NOT NULL,
  email VARCHAR(255) UNIQUE,
  phone VARCHAR(50),
  current_company VARCHAR(255),
  "current_role" VARCHAR(255),
  years_experience INTEGER,
  status VARCHAR(20) DEFAULT 'active',
  created_by_user_id UUID REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE user_candidate_assignments (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id),
  candidate_id UUID NOT NULL REFERENCES candidates(id),
  assignment_type VARCHAR(20) DEFAULT 'primary',
  assigned_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  unassigned_at TIMESTAMPTZ,
  assigned_by_user_id UUID REFERENCES users(id),
  unassigned_reason TEXT,
  is_active BOOLEAN DEFAULT true
);
-- Phase 1, step 1.2: roles (mapped before the new CHECK) and the migration flag
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
UPDATE users SET role = CASE role WHEN 'consultant' THEN 'junior_recruiter' ELSE role END;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('junior_recruiter', 'senior_recruiter', 'admin'));
ALTER TABLE users ADD COLUMN migration_v1_1_completed BOOLEAN DEFAULT false;
UPDATE users SET migration_v1_1_completed = true;
-- Phase 2, step 2.1: one candidate per upload, assigned to its uploader
INSERT INTO candidates (id, first_name, last_name, email, created_by_user_id, created_at)
SELECT fu.id, 'Unknown', 'Candidate', 'candidate_' || fu.id || '@example.com', fu.user_id, fu.created_at
FROM file_uploads fu;
INSERT INTO user_candidate_assignments (id, user_id, candidate_id, assignment_type, assigned_at, is_active)
SELECT fu.id, fu.user_id, fu.id, 'primary', fu.created_at, true
FROM file_uploads fu;
-- Phase 2, step 2.2: resumes
CREATE TABLE resumes (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  candidate_id UUID NOT NULL,
  uploaded_by_user_id UUID NOT NULL REFERENCES users(id),
  original_filename VARCHAR(255) NOT NULL,
  stored_filename VARCHAR(255) NOT NULL,
  file_hash VARCHAR(64),
  file_size INTEGER NOT NULL,
  mime_type VARCHAR(100) NOT NULL,
  version_number INTEGER DEFAULT 1,
  status VARCHAR(20) DEFAULT 'pending',
  progress INTEGER DEFAULT 0,
  extracted_text TEXT,
  word_count INTEGER,
  uploaded_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  processed_at TIMESTAMPTZ,
  FOREIGN KEY (candidate_id) REFERENCES candidates(id) ON DELETE CASCADE,
  CONSTRAINT resumes_candidate_id_file_hash_key UNIQUE (candidate_id, file_hash)
);
INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename, stored_filename, file_hash,
  file_size, mime_type, status, progress, extracted_text, word_count, uploaded_at, processed_at)
SELECT fu.id, fu.id, fu.user_id, fu.original_filename, fu.filename, fu.file_hash,
  fu.file_size, fu.mime_type, fu.status, COALESCE(fu.progress, 0), fu.extracted_text, fu.word_count,
  fu.created_at, fu.completed_at
FROM file_uploads fu;
-- Phase 3, step 3.1: review tables
CREATE TABLE review_requests (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id UUID NOT NULL REFERENCES resumes(id) ON DELETE CASCADE,
  requested_by_user_id UUID NOT NULL REFERENCES users(id),
  target_role VARCHAR(255),
  target_industry VARCHAR(255),
  experience_level VARCHAR(50),
  review_type VARCHAR(20) DEFAULT 'comprehensive',
  status VARCHAR(20) DEFAULT 'pending',
  requested_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  completed_at TIMESTAMPTZ
);
CREATE TABLE review_results (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  review_request_id UUID NOT NULL REFERENCES review_requests(id) ON DELETE CASCADE,
  overall_score INTEGER CHECK (overall_score >= 0 AND overall_score <= 100),
  ats_score INTEGER CHECK (ats_score >= 0 AND ats_score <= 100),
  content_score INTEGER CHECK (content_score >= 0 AND content_score <= 100),
  formatting_score INTEGER CHECK (formatting_score >= 0 AND formatting_score <= 100),
  executive_summary TEXT,
  detailed_scores JSONB,
  ai_model_used VARCHAR(100),
  processing_time_ms INTEGER,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
-- Phase 3, step 3.2: requests matched on the exact file_path, results following their request
INSERT INTO review_requests (id, resume_id, requested_by_user_id, target_role, target_industry,
  experience_level, status, requested_at, completed_at)
SELECT ar.id, fu.id, ar.user_id, ar.target_role, ar.target_industry,
  ar.experience_level, ar.status, ar.created_at, ar.completed_at
FROM analysis_requests ar
JOIN (SELECT file_path FROM file_uploads GROUP BY file_path HAVING COUNT(*) = 1) one ON one.file_path = ar.file_path
JOIN file_uploads fu ON fu.file_path = one.file_path;
INSERT INTO review_results (id, review_request_id, overall_score, content_score, formatting_score,
  ai_model_used, processing_time_ms, created_at)
SELECT ares.id, rr.id, ROUND(ares.overall_score::NUMERIC)::INTEGER, ROUND(ares.content_score::NUMERIC)::INTEGER,
  ROUND(ares.formatting_score::NUMERIC)::INTEGER, ares.ai_model_used,
  ROUND(ares.processing_time_ms::NUMERIC)::INTEGER, ares.created_at
FROM analysis_results ares
JOIN review_requests rr ON rr.id = ares.request_id;
-- Phase 4, step 4.1: section tables
CREATE TABLE resume_sections (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id UUID NOT NULL REFERENCES resumes(id) ON DELETE CASCADE,
  section_type VARCHAR(50) NOT NULL,
  section_title VARCHAR(255),
  content TEXT NOT NULL,
  start_page INTEGER,
  end_page INTEGER,
  start_position INTEGER,
  end_position INTEGER,
  sequence_order INTEGER,
  metadata JSONB,
  extracted_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE review_feedback_items (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  review_result_id UUID NOT NULL REFERENCES review_results(id) ON DELETE CASCADE,
  resume_section_id UUID REFERENCES resume_sections(id),
  feedback_type VARCHAR(20) NOT NULL,
  category VARCHAR(20),
  feedback_text TEXT NOT NULL,
  severity_level INTEGER CHECK (severity_level >= 1 AND severity_level <= 5),
  original_text TEXT,
  suggested_text TEXT,
  confidence_score INTEGER CHECK (confidence_score >= 0 AND confidence_score <= 100),
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
-- Phase 4, step 4.2: one full_content section per resume with text
INSERT INTO resume_sections (id, resume_id, section_type, section_title, content, sequence_order)
SELECT id, id, 'full_content', 'Complete Resume', extracted_text, 1
FROM resumes
WHERE extracted_text IS NOT NULL;
-- Phase 5, step 5.1: agent_type, and the user relationship removed (its values kept first)
ALTER TABLE prompts ADD COLUMN agent_type VARCHAR(50);
ALTER TABLE prompts ADD CONSTRAINT prompts_agent_type_check
  CHECK (agent_type IN ('base_agent', 'structure_agent', 'appeal_agent'));
CREATE TABLE prompts_created_by_backup_v1_0 (
  prompt_id UUID NOT NULL PRIMARY KEY,
  created_by UUID NOT NULL
);
INSERT INTO prompts_created_by_backup_v1_0 (prompt_id, created_by)
SELECT id, created_by FROM prompts WHERE created_by IS NOT NULL;
ALTER TABLE prompts DROP CONSTRAINT IF EXISTS prompts_created_by_fkey;
ALTER TABLE prompts DROP COLUMN IF EXISTS created_by;
-- Phase 5, step 5.2: prompt usage history
CREATE TABLE prompt_usage_history (
  id UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  prompt_id UUID NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
  agent_name VARCHAR(50) NOT NULL,
  actual_prompt TEXT NOT NULL,
  variables_used JSONB,
  agent_response JSONB,
  tokens_used INTEGER,
  used_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO prompt_usage_history (id, prompt_id, agent_name, actual_prompt, variables_used, used_at)
SELECT id, prompt_id, 'base_agent', prompt_content, '{}'::JSONB, created_at
FROM prompt_history;
-- Phase 6, step 6.1: indexes
CREATE INDEX idx_candidates_created_by ON candidates(created_by_user_id);
CREATE INDEX idx_assignments_user_active ON user_candidate_assignments(user_id, is_active);
CREATE INDEX idx_assignments_candidate_active ON user_candidate_assignments(candidate_id, is_active);
CREATE INDEX idx_resumes_candidate ON resumes(candidate_id);
CREATE INDEX idx_resumes_uploaded_by ON resumes(uploaded_by_user_id);
CREATE INDEX idx_sections_resume_order ON resume_sections(resume_id, sequence_order);
CREATE INDEX idx_feedback_result ON review_feedback_items(review_result_id);
CREATE INDEX idx_feedback_section ON review_feedback_items(resume_section_id);
CREATE INDEX idx_review_requests_resume ON review_requests(resume_id);
CREATE INDEX idx_review_requests_user ON review_requests(requested_by_user_id);
-- Phase 6, step 6.2: the v1.0 tables kept as backups
ALTER TABLE file_uploads RENAME TO file_uploads_backup_v1_0;
ALTER TABLE analysis_requests RENAME TO analysis_requests_backup_v1_0;
ALTER TABLE analysis_results RENAME TO analysis_results_backup_v1_0;
ALTER TABLE prompt_history RENAME TO prompt_history_backup_v1_0;
