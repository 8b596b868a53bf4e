-- The refusal of the fused turn statement (runtime/stores/turn-write.ts). A group commit of one
-- tenant's turns is one statement with no BEGIN/COMMIT around it, so a stale writer's short count
-- (an inbox row no longer pending, a snapshot older than the stored one) must fail the statement
-- itself: everything it wrote is undone. SQLSTATE RB409; the runtime maps it to `stale_epoch`.
CREATE OR REPLACE FUNCTION public.ratiba_turn_rows_checked(
  marked bigint, outcomes bigint, written bigint, snapshots bigint
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF marked <> outcomes THEN
    RAISE EXCEPTION 'an inbox row of this batch was already processed' USING ERRCODE = 'RB409';
  END IF;
  IF written <> snapshots THEN
    RAISE EXCEPTION 'a snapshot of this batch is older than the stored one'
      USING ERRCODE = 'RB409';
  END IF;
  RETURN true;
END $$;
