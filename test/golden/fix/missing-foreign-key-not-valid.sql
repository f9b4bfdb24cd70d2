BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '30min';
SET LOCAL search_path = public;

-- [foreign_key.missing] public.projects.projects_owner_id_fkey
--   blocks_writes: blocks writes to the table while it runs
--   note: public.projects: never analysed, 32.0 kB with indexes
DO $fix$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'public.projects'::pg_catalog.regclass AND conname = 'projects_owner_id_fkey') THEN
    ALTER TABLE public.projects ADD CONSTRAINT projects_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users ON DELETE CASCADE NOT VALID;
  END IF;
END
$fix$;
COMMIT;

-- After the transaction: these cannot run inside one. Each stands alone; re-running is harmless.
SET search_path = public;

-- [foreign_key.missing] public.projects.projects_owner_id_fkey
--   outside_transaction: runs outside the repair transaction: a failure leaves what ran before it applied
--   scans_table: reads every row of the table to validate it, holding a lock meanwhile
--   note: if rows break it, it stays NOT VALID (still enforced for new rows) and this statement fails
--   note: public.projects: never analysed, 32.0 kB with indexes
ALTER TABLE public.projects VALIDATE CONSTRAINT projects_owner_id_fkey;
