
-- After the transaction: these cannot run inside one. Each stands alone; re-running is harmless.
SET search_path = public;

-- [index.missing] public.projects.ix_projects_name
--   outside_transaction: runs outside the repair transaction: a failure leaves what ran before it applied
--   note: builds without blocking writes; a failed build leaves an INVALID index, which the next check reports
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_projects_name ON public.projects (name);
