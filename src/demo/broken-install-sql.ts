/**
 * SQL for the demo database: a TimeTracker install (release of 2025-10-09, see
 * expected-schema.json) as it looks after a bad upgrade. Runs as one multi-statement script in
 * PGlite (PostgreSQL 18) or on a server. The breakages are listed in the script's header, each
 * marked `-- BROKEN` where it happens; checked against expected-schema.json, every one of them
 * is a finding and nothing else is.
 */
export const BROKEN_INSTALL_SQL = `-- TimeTracker, installed from an old init script and then half-upgraded.
-- What is wrong with it, compared with the release of 2025-10-09 (expected-schema.json):
--   1. project_costs was never created: the Alembic 018 migration did not run, yet
--      alembic_version says 018 (it was stamped): the next \`flask db upgrade\` does nothing
--      (findings: table.missing project_costs, migration.stamped).
--   2. The index idx_time_entries_start_time is missing: reports over a date range scan the
--      whole of time_entries (finding: index.missing).
--   3. The trigger update_invoices_updated_at is missing: editing an invoice leaves
--      invoices.updated_at at its creation time (finding: trigger.missing).
--   4. users.username is varchar(64) instead of varchar(80): long user names coming from an
--      identity provider are rejected (finding: column.mismatch, attribute type).
--   5. time_entries_task_id_fkey is ON DELETE CASCADE instead of ON DELETE SET NULL: deleting
--      a task silently deletes the time logged against it (finding: foreign_key.mismatch,
--      attribute on_delete).
--   6. settings.currency defaults to 'USD' instead of 'EUR' (finding: column.mismatch,
--      attribute default).

CREATE FUNCTION update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username VARCHAR(64) NOT NULL, -- BROKEN (4): the release has VARCHAR(80)
    role VARCHAR(20) NOT NULL DEFAULT 'user',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_login TIMESTAMP,
    is_active BOOLEAN NOT NULL DEFAULT true,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    full_name VARCHAR(200),
    theme_preference VARCHAR(10),
    preferred_language VARCHAR(8),
    email VARCHAR(200),
    oidc_sub VARCHAR(255),
    oidc_issuer VARCHAR(255),
    CONSTRAINT uq_users_oidc_issuer_sub UNIQUE (oidc_issuer, oidc_sub)
);
CREATE INDEX idx_users_role ON users (role);
CREATE UNIQUE INDEX idx_users_username ON users (username);
CREATE INDEX ix_users_email ON users (email);

CREATE TABLE clients (
    id SERIAL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    description TEXT,
    contact_person VARCHAR(200),
    email VARCHAR(200),
    phone VARCHAR(50),
    address TEXT,
    default_hourly_rate NUMERIC(9, 2),
    status VARCHAR(20) NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_clients_name ON clients (name);

CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    client_id INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    description TEXT,
    billable BOOLEAN NOT NULL DEFAULT true,
    hourly_rate NUMERIC(9, 2),
    billing_ref VARCHAR(100),
    status VARCHAR(20) NOT NULL DEFAULT 'active',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    estimated_hours DOUBLE PRECISION,
    budget_amount NUMERIC(10, 2),
    budget_threshold_percent INTEGER NOT NULL DEFAULT 80
);
CREATE INDEX idx_projects_client_id ON projects (client_id);
CREATE INDEX idx_projects_status ON projects (status);

CREATE TABLE tasks (
    id SERIAL PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name VARCHAR(200) NOT NULL,
    description TEXT,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    priority VARCHAR(20) NOT NULL DEFAULT 'medium',
    assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_date DATE,
    estimated_hours NUMERIC(5, 2),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    actual_hours NUMERIC(5, 2)
);
CREATE INDEX idx_tasks_assigned_to ON tasks (assigned_to);
CREATE INDEX idx_tasks_due_date ON tasks (due_date);
CREATE INDEX idx_tasks_priority ON tasks (priority);
CREATE INDEX idx_tasks_project_id ON tasks (project_id);
CREATE INDEX idx_tasks_status ON tasks (status);

CREATE TABLE time_entries (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE, -- BROKEN (5): the release has ON DELETE SET NULL
    start_time TIMESTAMP NOT NULL,
    end_time TIMESTAMP,
    duration INTERVAL,
    notes TEXT,
    tags VARCHAR(500),
    billable BOOLEAN NOT NULL DEFAULT true,
    source VARCHAR(50),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    duration_seconds INTEGER
);
CREATE INDEX idx_time_entries_billable ON time_entries (billable);
CREATE INDEX idx_time_entries_project_id ON time_entries (project_id);
-- BROKEN (2): CREATE INDEX idx_time_entries_start_time ON time_entries (start_time); never ran
CREATE INDEX idx_time_entries_task_id ON time_entries (task_id);
CREATE INDEX idx_time_entries_user_id ON time_entries (user_id);
CREATE UNIQUE INDEX ux_time_entries_one_active_per_user ON time_entries (user_id) WHERE end_time IS NULL;

CREATE TABLE settings (
    id SERIAL PRIMARY KEY,
    company_name VARCHAR(200),
    company_address TEXT,
    company_phone VARCHAR(50),
    company_email VARCHAR(200),
    company_website VARCHAR(200),
    currency VARCHAR(3) NOT NULL DEFAULT 'USD', -- BROKEN (6): the release defaults to 'EUR'
    timezone VARCHAR(50) NOT NULL DEFAULT 'Europe/Rome',
    rounding_minutes INTEGER NOT NULL DEFAULT 1,
    single_active_timer BOOLEAN NOT NULL DEFAULT true,
    idle_timeout_minutes INTEGER NOT NULL DEFAULT 30,
    allow_self_register BOOLEAN NOT NULL DEFAULT true,
    allow_analytics BOOLEAN NOT NULL DEFAULT true,
    logo_path VARCHAR(500),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    backup_retention_days INTEGER NOT NULL DEFAULT 30,
    backup_time VARCHAR(5) NOT NULL DEFAULT '02:00',
    export_delimiter VARCHAR(1) NOT NULL DEFAULT ',',
    company_logo_filename VARCHAR(255) DEFAULT '',
    company_tax_id VARCHAR(100) DEFAULT '',
    company_bank_info TEXT DEFAULT '',
    invoice_prefix VARCHAR(10) NOT NULL DEFAULT 'INV',
    invoice_start_number INTEGER NOT NULL DEFAULT 1000,
    invoice_terms TEXT NOT NULL DEFAULT 'Payment is due within 30 days of invoice date.',
    invoice_notes TEXT NOT NULL DEFAULT 'Thank you for your business!',
    invoice_pdf_template_html TEXT,
    invoice_pdf_template_css TEXT
);

CREATE TABLE invoices (
    id SERIAL PRIMARY KEY,
    invoice_number VARCHAR(50) NOT NULL,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    issue_date DATE NOT NULL,
    due_date DATE NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    subtotal NUMERIC(10, 2) NOT NULL DEFAULT 0,
    tax_rate NUMERIC(5, 2) NOT NULL DEFAULT 0,
    tax_amount NUMERIC(10, 2) NOT NULL DEFAULT 0,
    total NUMERIC(10, 2) NOT NULL DEFAULT 0,
    notes TEXT,
    terms TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_name VARCHAR(200) NOT NULL DEFAULT '',
    client_email VARCHAR(200),
    client_address TEXT,
    total_amount NUMERIC(10, 2) NOT NULL DEFAULT 0,
    created_by INTEGER CONSTRAINT fk_invoices_created_by_users REFERENCES users (id) ON DELETE SET NULL,
    payment_date DATE,
    payment_method VARCHAR(50),
    payment_reference VARCHAR(100),
    payment_notes TEXT,
    amount_paid NUMERIC(10, 2),
    payment_status VARCHAR(20) NOT NULL,
    currency_code VARCHAR(3) NOT NULL,
    template_id INTEGER
);
CREATE INDEX idx_invoices_client_id ON invoices (client_id);
CREATE INDEX idx_invoices_issue_date ON invoices (issue_date);
CREATE INDEX idx_invoices_project_id ON invoices (project_id);
CREATE INDEX idx_invoices_status ON invoices (status);
CREATE INDEX ix_invoices_payment_date ON invoices (payment_date);
CREATE INDEX ix_invoices_payment_status ON invoices (payment_status);
CREATE INDEX ix_invoices_template_id ON invoices (template_id);

CREATE TABLE invoice_items (
    id SERIAL PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description VARCHAR(500) NOT NULL,
    quantity NUMERIC(10, 2) NOT NULL DEFAULT 1,
    unit_price NUMERIC(9, 2) NOT NULL DEFAULT 0,
    total NUMERIC(10, 2) NOT NULL DEFAULT 0,
    time_entry_id INTEGER REFERENCES time_entries (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    total_amount NUMERIC(10, 2) NOT NULL DEFAULT 0,
    time_entry_ids VARCHAR(500)
);
CREATE INDEX idx_invoice_items_invoice_id ON invoice_items (invoice_id);

-- BROKEN (1): CREATE TABLE project_costs (...) never ran, but the revision was recorded.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('018');

CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_clients_updated_at BEFORE UPDATE ON clients FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_projects_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_tasks_updated_at BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_time_entries_updated_at BEFORE UPDATE ON time_entries FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_settings_updated_at BEFORE UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
-- BROKEN (3): CREATE TRIGGER update_invoices_updated_at ... never ran.
`
