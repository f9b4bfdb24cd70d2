BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '30min';
SET LOCAL search_path = public;

-- [table.missing] public.projects
-- [sequence.missing] public.projects_id_seq
CREATE SEQUENCE IF NOT EXISTS public.projects_id_seq AS integer;

-- [table.missing] public.projects
CREATE TABLE IF NOT EXISTS public.projects (
  id integer DEFAULT nextval('public.projects_id_seq'::regclass) NOT NULL,
  name character varying(200) NOT NULL,
  owner_id integer,
  budget numeric(9,2) DEFAULT 0,
  updated_at timestamp without time zone,
  CONSTRAINT projects_pkey PRIMARY KEY (id),
  CONSTRAINT projects_budget_check CHECK (budget >= 0)
);

-- [table.missing] public.projects
-- [sequence.missing] public.projects_id_seq
ALTER SEQUENCE public.projects_id_seq OWNED BY public.projects.id;

-- [table.missing] public.projects
CREATE INDEX IF NOT EXISTS ix_projects_name ON public.projects (name);

-- [table.missing] public.projects
CREATE INDEX IF NOT EXISTS ix_projects_recent ON public.projects (updated_at DESC NULLS LAST, name);

-- [table.missing] public.projects
CREATE INDEX IF NOT EXISTS projects_owner_id_idx ON public.projects (owner_id);

-- [table.missing] public.projects
DO $fix$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'public.projects'::pg_catalog.regclass AND conname = 'projects_owner_id_fkey') THEN
    ALTER TABLE public.projects ADD CONSTRAINT projects_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users ON DELETE CASCADE;
  END IF;
END
$fix$;

-- [table.missing] public.projects
DO $fix$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = 'public.projects'::pg_catalog.regclass AND tgname = 'update_projects_updated_at' AND NOT tgisinternal) THEN
    CREATE TRIGGER update_projects_updated_at BEFORE UPDATE ON public.projects
      FOR EACH ROW
      EXECUTE FUNCTION public.touch_updated_at();
  END IF;
END
$fix$;
COMMIT;

-- Cannot be repaired automatically:
--   [view.missing] public.active_projects: the spec does not give the definition of view active_projects
--   [view.missing] public.active_projects: needs view active_projects, which cannot be repaired automatically (the spec does not give the definition of view active_projects)
