-- Nothing to run: no repair is needed, or every repair is withheld or manual (below).


-- Withheld: these can lose data or fail on existing rows. Run verify-database with --allow-destructive to include them.
--
-- [column.mismatch] public.users.role
--   blocks_reads: blocks reads and writes of the table while it runs (ACCESS EXCLUSIVE)
--   may_fail_on_existing_rows: fails if existing rows break the new rule (NULLs, duplicates, values out of range)
--   narrows_type: changes a type to one that cannot hold every value of the old one
--   rewrites_table: rewrites the whole table under an ACCESS EXCLUSIVE lock
--   note: public.users: never analysed, 32.0 kB with indexes
-- ALTER TABLE public.users ALTER COLUMN role TYPE character varying(20) USING role::character varying(20);
