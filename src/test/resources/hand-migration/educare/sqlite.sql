-- The educare migration plan as someone runs it by hand on SQLite, its home database, one statement at a time, in the
-- plan's order. Steps 3 and 7 are the plan's own SQL. Steps 2, 4, 5 and 6 are Python in the plan (db.create_all() and
-- ORM code); here they are the SQL that code runs. The plan does not show its models, so db.create_all() creates
-- the four tables as release 2.0 defines them. Passwords are hashed the way the plan's werkzeug call does
-- (scrypt) from the plan's default passwords admin123, teacher123 and student123: this is the state the plan leaves
-- behind, which the changelog must converge from. It is test data only; no changelog writes a password.

-- Step 2: db.create_all()
CREATE TABLE users (
  id INTEGER NOT NULL,
  username VARCHAR(80) NOT NULL CONSTRAINT users_username_key UNIQUE,
  email VARCHAR(120) CONSTRAINT users_email_key UNIQUE,
  password_hash VARCHAR(255),
  role VARCHAR(20) NOT NULL CONSTRAINT users_role_check CHECK (role IN ('admin', 'teacher', 'counselor', 'student')),
  full_name VARCHAR(120),
  department VARCHAR(100),
  is_active BOOLEAN DEFAULT true NOT NULL,
  password_reset_required BOOLEAN DEFAULT true NOT NULL,
  last_login_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT users_password_check CHECK (password_hash IS NOT NULL OR password_reset_required),
  CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE TABLE teachers (
  id INTEGER NOT NULL,
  user_id INTEGER NOT NULL CONSTRAINT teachers_user_id_key UNIQUE CONSTRAINT teachers_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
  employee_number VARCHAR(30) CONSTRAINT teachers_employee_number_key UNIQUE,
  department VARCHAR(100),
  subjects TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT teachers_pkey PRIMARY KEY (id)
);
CREATE TABLE counselors (
  id INTEGER NOT NULL,
  user_id INTEGER NOT NULL CONSTRAINT counselors_user_id_key UNIQUE CONSTRAINT counselors_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
  specialization VARCHAR(100),
  office_location VARCHAR(100),
  max_caseload INTEGER CONSTRAINT counselors_max_caseload_check CHECK (max_caseload > 0),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT counselors_pkey PRIMARY KEY (id)
);
CREATE TABLE teacher_student_assignments (
  id INTEGER NOT NULL,
  teacher_id INTEGER NOT NULL CONSTRAINT teacher_student_assignments_teacher_id_fkey REFERENCES teachers (id) ON DELETE CASCADE,
  student_id INTEGER NOT NULL CONSTRAINT teacher_student_assignments_student_id_fkey REFERENCES students (id) ON DELETE CASCADE,
  course_name VARCHAR(100) NOT NULL,
  semester VARCHAR(20) NOT NULL,
  academic_year VARCHAR(20) NOT NULL,
  assigned_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_teacher_student_assignment UNIQUE (student_id, teacher_id, course_name, semester, academic_year),
  CONSTRAINT teacher_student_assignments_pkey PRIMARY KEY (id)
);

-- Step 3: add_foreign_key_columns()
-- SQLite refuses the plan's "ADD COLUMN user_id INTEGER UNIQUE" (Cannot add a UNIQUE column), so whoever
-- runs the plan by hand adds the column without UNIQUE.
ALTER TABLE students ADD COLUMN user_id INTEGER;
ALTER TABLE alerts ADD COLUMN created_by_user_id INTEGER;
ALTER TABLE alerts ADD COLUMN assigned_to_user_id INTEGER;
ALTER TABLE interventions ADD COLUMN created_by_user_id INTEGER;
ALTER TABLE interventions ADD COLUMN assigned_to_user_id INTEGER;
ALTER TABLE counselling_logs ADD COLUMN counselor_user_id INTEGER;
ALTER TABLE counselling_logs ADD COLUMN session_status VARCHAR(20) DEFAULT 'scheduled';

-- Step 4: seed_default_users()
INSERT INTO users (username, email, password_hash, role, full_name, department, password_reset_required)
VALUES ('admin', 'admin@educare.edu', 'scrypt:32768:8:1$Xq3vLr8TnP2sKd9w$349e164e4e4e3bfcdd97d13fbb8f3529c1168f4a20ba6c4b6d3e683c92b463d3662a9223e5f3e069495e769b93584ff8e8a01b97f266894c1cadff815c3ba57d', 'admin', 'System Administrator', 'IT Administration', false);
INSERT INTO users (username, email, password_hash, role, full_name, department, password_reset_required)
VALUES ('teacher.john', 'john.doe@educare.edu', 'scrypt:32768:8:1$Hm4cWz7pQe1nBt6y$a44831d7c491923360eb39cf7d3b3f9413271884ef7fd567c79dcb0b59a00594bbb562367875526dffa7ab951b3901df44d481da4e1bef7b4fb0b43bd4d4c7d7', 'teacher', 'John Doe', 'Computer Science', false);
INSERT INTO teachers (user_id, department, subjects)
SELECT id, 'Computer Science', '["Programming", "Data Structures"]' FROM users WHERE username = 'teacher.john';
INSERT INTO users (username, email, password_hash, role, full_name, department, password_reset_required)
VALUES ('teacher.sarah', 'sarah.wilson@educare.edu', 'scrypt:32768:8:1$Hm4cWz7pQe1nBt6y$a44831d7c491923360eb39cf7d3b3f9413271884ef7fd567c79dcb0b59a00594bbb562367875526dffa7ab951b3901df44d481da4e1bef7b4fb0b43bd4d4c7d7', 'teacher', 'Sarah Wilson', 'Mathematics', false);
INSERT INTO teachers (user_id, department, subjects)
SELECT id, 'Mathematics', '["Calculus", "Statistics"]' FROM users WHERE username = 'teacher.sarah';

-- Step 5: link_existing_students(), numbered by position as the plan's enumerate(students, 1) does
INSERT INTO users (username, email, password_hash, role, full_name, password_reset_required)
SELECT 'student' || printf('%03d', ROW_NUMBER() OVER (ORDER BY id)), email, 'scrypt:32768:8:1$Rf2kVs9dLx5gNu8a$fc6206ad70abdda330227249bb92464738cb57d21956302484832ad6df58c629a22a8b0cf4850c74d2c1a281b26ea6469e75b7cf1c90743a37271a955f7f482b', 'student', name, false
FROM students ORDER BY id;
UPDATE students SET user_id = (SELECT u.id FROM users u WHERE u.role = 'student' AND u.email = students.email);

-- Step 6: assign_students_to_teachers(): len(students) // len(teachers) each, the last teacher gets the rest
INSERT INTO teacher_student_assignments (teacher_id, student_id, course_name, semester, academic_year)
SELECT (SELECT t.id FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.username = 'teacher.john'), s.id,
  'General Education', 'Spring 2026', '2025-2026'
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM students) s
WHERE s.n <= (SELECT COUNT(*) FROM students) / 2;
INSERT INTO teacher_student_assignments (teacher_id, student_id, course_name, semester, academic_year)
SELECT (SELECT t.id FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.username = 'teacher.sarah'), s.id,
  'General Education', 'Spring 2026', '2025-2026'
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM students) s
WHERE s.n > (SELECT COUNT(*) FROM students) / 2;

-- Step 7: create_indexes()
CREATE INDEX IF NOT EXISTS idx_students_user_id ON students(user_id);
CREATE INDEX IF NOT EXISTS idx_alerts_creator ON alerts(created_by_user_id);
CREATE INDEX IF NOT EXISTS idx_alerts_assignee ON alerts(assigned_to_user_id);
CREATE INDEX IF NOT EXISTS idx_interventions_creator ON interventions(created_by_user_id);
CREATE INDEX IF NOT EXISTS idx_interventions_assignee ON interventions(assigned_to_user_id);
CREATE INDEX IF NOT EXISTS idx_counselling_counselor ON counselling_logs(counselor_user_id);
CREATE INDEX IF NOT EXISTS idx_teachers_user ON teachers(user_id);
CREATE INDEX IF NOT EXISTS idx_assignments_teacher ON teacher_student_assignments(teacher_id);
CREATE INDEX IF NOT EXISTS idx_assignments_student ON teacher_student_assignments(student_id);
