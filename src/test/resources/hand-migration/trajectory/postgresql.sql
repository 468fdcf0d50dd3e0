-- The SQL of the trajectory migration guide (18 February 2026), steps 2 and 3, statement by statement, as a person
-- runs it by hand in psql. The statements are the guide's own; only comments were moved onto their own lines (the
-- proof splits statements at a semicolon that ends a line). The guide's commented-out DROP COLUMN statements are
-- left out, as in the guide.

-- 1. Create Alumni Table
CREATE TABLE alumni (
    id SERIAL PRIMARY KEY,
    name VARCHAR NOT NULL,
    major VARCHAR NOT NULL,
    graduation_year INTEGER NOT NULL,
    gpa NUMERIC(3, 2) NOT NULL CHECK (gpa >= 0 AND gpa <= 10),
    attendance NUMERIC(5, 2) NOT NULL CHECK (attendance >= 0 AND attendance <= 100),
    study_hours_per_week NUMERIC(4, 1),
    project_count INTEGER,
    placement_status VARCHAR NOT NULL CHECK (placement_status IN ('Placed', 'Not Placed')),
    company_tier VARCHAR CHECK (company_tier IN ('Tier1', 'Tier2', 'Tier3')),
    role_title VARCHAR,
    salary_range VARCHAR,
    role_to_major_match_score NUMERIC(5, 2) CHECK (role_to_major_match_score >= 0 AND role_to_major_match_score <= 100),
    vector_id VARCHAR,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_alumni_major ON alumni(major);
CREATE INDEX idx_alumni_graduation_year ON alumni(graduation_year);

-- 2. Create Skills Table
CREATE TABLE skills (
    id SERIAL PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    skill_name VARCHAR NOT NULL,
    proficiency_score NUMERIC(5, 2) NOT NULL CHECK (proficiency_score >= 0 AND proficiency_score <= 100),
    quiz_score NUMERIC(5, 2) CHECK (quiz_score >= 0 AND quiz_score <= 100),
    voice_score NUMERIC(5, 2) CHECK (voice_score >= 0 AND voice_score <= 100),
    market_weight NUMERIC(3, 2) DEFAULT 1.0 CHECK (market_weight IN (0.5, 1.0, 2.0)),
    market_weight_reasoning TEXT,
    last_assessed_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_student_skill UNIQUE (student_id, skill_name)
);

CREATE INDEX idx_skills_student ON skills(student_id);
CREATE INDEX idx_skills_name ON skills(skill_name);

-- 3. Update Students Table
ALTER TABLE students 
    ADD CONSTRAINT chk_gpa CHECK (gpa >= 0 AND gpa <= 10),
    ADD CONSTRAINT chk_attendance CHECK (attendance >= 0 AND attendance <= 100),
    ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP;

-- Change gpa and attendance to NUMERIC for precision
ALTER TABLE students 
    ALTER COLUMN gpa TYPE NUMERIC(3, 2),
    ALTER COLUMN attendance TYPE NUMERIC(5, 2);

-- 4. Rename DigitalWellbeingDaily to DigitalWellbeingData
ALTER TABLE digital_wellbeing_daily RENAME TO digital_wellbeing_data;

-- Add constraints to digital_wellbeing_data
ALTER TABLE digital_wellbeing_data
    ADD CONSTRAINT chk_focus_score CHECK (focus_score >= 0),
    ADD CONSTRAINT chk_sleep_duration CHECK (sleep_duration_hours >= 0 AND sleep_duration_hours <= 24),
    ADD CONSTRAINT uq_student_date UNIQUE (student_id, date);

-- Change numeric fields to NUMERIC type
ALTER TABLE digital_wellbeing_data
    ALTER COLUMN screen_time_hours TYPE NUMERIC(4, 2),
    ALTER COLUMN educational_app_hours TYPE NUMERIC(4, 2),
    ALTER COLUMN social_media_hours TYPE NUMERIC(4, 2),
    ALTER COLUMN entertainment_hours TYPE NUMERIC(4, 2),
    ALTER COLUMN productivity_hours TYPE NUMERIC(4, 2),
    ALTER COLUMN focus_score TYPE NUMERIC(3, 2),
    ALTER COLUMN sleep_duration_hours TYPE NUMERIC(3, 1);

-- 5. Update TrajectoryScore Table
ALTER TABLE trajectory_scores
    ADD COLUMN confidence NUMERIC(3, 2) CHECK (confidence >= 0 AND confidence <= 1),
    ADD COLUMN margin_of_error NUMERIC(4, 2),
    ADD COLUMN trend VARCHAR CHECK (trend IN ('improving', 'declining', 'stable')),
    ADD COLUMN velocity NUMERIC(5, 2),
    ADD COLUMN predicted_tier VARCHAR CHECK (predicted_tier IN ('Tier1', 'Tier2', 'Tier3')),
    ADD COLUMN num_similar_alumni INTEGER;

-- Change score to NUMERIC with constraint
ALTER TABLE trajectory_scores
    ALTER COLUMN score TYPE NUMERIC(5, 2),
    ADD CONSTRAINT chk_score CHECK (score >= 0 AND score <= 100);

-- 6. Update Recommendations Table
ALTER TABLE recommendations
    ADD COLUMN title VARCHAR,
    ADD COLUMN description TEXT,
    ADD COLUMN impact VARCHAR CHECK (impact IN ('High', 'Medium', 'Low')),
    ADD COLUMN estimated_points NUMERIC(4, 1),
    ADD COLUMN timeline VARCHAR;

-- Migrate data from old columns to new columns (the guide: "Use first 100 chars as title")
UPDATE recommendations SET 
    description = content,
    impact = impact_level,
    estimated_points = estimated_score_gain,
    title = SUBSTRING(content, 1, 100);

-- Rename created_at if needed
ALTER TABLE recommendations RENAME COLUMN generated_at TO created_at;

-- Add index on completed
CREATE INDEX idx_recommendations_completed ON recommendations(completed);
