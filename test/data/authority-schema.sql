-- 001_initial_schema.sql: an initial schema in the style of an authorization service.
-- Safe already: tables IF NOT EXISTS, functions OR REPLACE, RLS enabling, guarded role DO blocks.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authority_app') THEN
    CREATE ROLE authority_app NOLOGIN;
  END IF;
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authority_admin') THEN
    CREATE ROLE authority_admin NOLOGIN;
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS clients (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS scopes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS grants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS audit_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- CREATE INDEX in a comment inside a body is text, not a statement
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE INDEX idx_tenants_name ON tenants (name);
CREATE INDEX idx_tenants_created_at ON tenants (created_at DESC); -- newest first
CREATE UNIQUE INDEX idx_tenants_name_status ON tenants (name, status);

CREATE INDEX idx_users_name ON users (name);
CREATE INDEX idx_users_created_at ON users (created_at DESC); -- newest first
CREATE INDEX idx_users_tenant ON users (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_clients_name ON clients (name);
CREATE INDEX idx_clients_created_at ON clients (created_at DESC); -- newest first
CREATE INDEX idx_clients_tenant ON clients (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_scopes_name ON scopes (name);
CREATE INDEX idx_scopes_created_at ON scopes (created_at DESC); -- newest first
CREATE INDEX idx_scopes_tenant ON scopes (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_grants_name ON grants (name);
CREATE INDEX idx_grants_created_at ON grants (created_at DESC); -- newest first
CREATE INDEX idx_grants_tenant ON grants (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_tokens_name ON tokens (name);
CREATE INDEX idx_tokens_created_at ON tokens (created_at DESC); -- newest first
CREATE INDEX idx_tokens_tenant ON tokens (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_sessions_name ON sessions (name);
CREATE INDEX idx_sessions_created_at ON sessions (created_at DESC); -- newest first
CREATE INDEX idx_sessions_tenant ON sessions (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_audit_events_name ON audit_events (name);
CREATE INDEX idx_audit_events_created_at ON audit_events (created_at DESC); -- newest first
CREATE INDEX idx_audit_events_tenant ON audit_events (tenant_id)
    WHERE status = 'active';

CREATE INDEX idx_keys_name ON keys (name);
CREATE INDEX idx_keys_created_at ON keys (created_at DESC); -- newest first
CREATE INDEX idx_keys_tenant ON keys (tenant_id)
    WHERE status = 'active';

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER clients_set_updated_at
    BEFORE UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER tokens_set_updated_at
    BEFORE UPDATE ON tokens
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_tenant_isolation ON tenants
    USING (id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "tenants admin" ON tenants TO authority_admin USING (true) WITH CHECK (true);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_tenant_isolation ON users
    USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "users admin" ON users TO authority_admin USING (true) WITH CHECK (true);

ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY clients_tenant_isolation ON clients
    USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "clients admin" ON clients TO authority_admin USING (true) WITH CHECK (true);

ALTER TABLE scopes ENABLE ROW LEVEL SECURITY;
CREATE POLICY scopes_tenant_isolation ON scopes
    USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "scopes admin" ON scopes TO authority_admin USING (true) WITH CHECK (true);

ALTER TABLE grants ENABLE ROW LEVEL SECURITY;
CREATE POLICY grants_tenant_isolation ON grants
    USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "grants admin" ON grants TO authority_admin USING (true) WITH CHECK (true);

ALTER TABLE tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tokens_tenant_isolation ON tokens
    USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE POLICY "tokens admin" ON tokens TO authority_admin USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO authority_app;
COMMENT ON TABLE tenants IS 'CREATE POLICY x ON tenants; is only text here';
