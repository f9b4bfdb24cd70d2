BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '30min';
SET LOCAL search_path = public;

-- [table.missing] public.users
-- [sequence.missing] public.users_id_seq
CREATE SEQUENCE IF NOT EXISTS public.users_id_seq AS integer;

-- [table.missing] public.users
CREATE TABLE IF NOT EXISTS public.users (
  id integer DEFAULT nextval('public.users_id_seq'::regclass) NOT NULL,
  email character varying(200) NOT NULL,
  role character varying(20) DEFAULT 'user' NOT NULL,
  mood mood,
  created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_email_key UNIQUE (email)
);

-- [table.missing] public.users
-- [sequence.missing] public.users_id_seq
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

-- [table.missing] public.users
CREATE UNIQUE INDEX IF NOT EXISTS ix_users_email ON public.users (email);

-- [table.missing] public.users
CREATE UNIQUE INDEX IF NOT EXISTS ix_users_email_lower ON public.users (lower(email));
COMMIT;

-- Withheld: these can lose data or fail on existing rows. Run verify-database with --allow-destructive to include them.
--
-- [foreign_key.missing] public.measurements.measurements_user_id_fkey
--   blocks_writes: blocks writes to the table while it runs
--   may_fail_on_existing_rows: fails if existing rows break the new rule (NULLs, duplicates, values out of range)
--   scans_table: reads every row of the table to validate it, holding a lock meanwhile
--   note: references a table this repair creates: existing non-null values cannot match it yet
--   note: public.measurements: never analysed, 48.0 kB with indexes
-- DO $fix$
-- BEGIN
--   IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'public.measurements'::pg_catalog.regclass AND conname = 'measurements_user_id_fkey') THEN
--     ALTER TABLE public.measurements ADD CONSTRAINT measurements_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id);
--   END IF;
-- END
-- $fix$;
--
-- [foreign_key.missing] public.projects.projects_owner_id_fkey
--   blocks_writes: blocks writes to the table while it runs
--   may_fail_on_existing_rows: fails if existing rows break the new rule (NULLs, duplicates, values out of range)
--   scans_table: reads every row of the table to validate it, holding a lock meanwhile
--   note: references a table this repair creates: existing non-null values cannot match it yet
--   note: public.projects: never analysed, 32.0 kB with indexes
-- DO $fix$
-- BEGIN
--   IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'public.projects'::pg_catalog.regclass AND conname = 'projects_owner_id_fkey') THEN
--     ALTER TABLE public.projects ADD CONSTRAINT projects_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users ON DELETE CASCADE;
--   END IF;
-- END
-- $fix$;
