BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '30min';
SET LOCAL search_path = public;

-- [index.renamed] public.projects.ix_projects_name
DO $fix$
BEGIN
  IF pg_catalog.to_regclass('public.projects_name_idx') IS NOT NULL AND NOT pg_catalog.to_regclass('public.ix_projects_name') IS NOT NULL THEN
    ALTER INDEX public.projects_name_idx RENAME TO ix_projects_name;
  END IF;
END
$fix$;
COMMIT;
