-- Before ownership, the ladder raised `level` when a case ran late ('escalated' events, "…升至社区/街道"). What it
-- raised becomes the supervision mark (1 已催办, 2 已督办); the owner is the grid, or the community for a case
-- returned to it (#退回) and not since assigned to one of its grid's workers. Cases already resolved count in the
-- 721 split at that owner.
UPDATE `cases` SET `supervision` = CASE
  WHEN EXISTS (SELECT 1 FROM `case_events` e WHERE e.`case_id` = `cases`.`id` AND e.`kind` = 'escalated' AND e.`text` LIKE '%街道') THEN 2
  WHEN EXISTS (SELECT 1 FROM `case_events` e WHERE e.`case_id` = `cases`.`id` AND e.`kind` = 'escalated') THEN 1
  ELSE 0 END;--> statement-breakpoint
UPDATE `cases` SET `level` = CASE
  WHEN EXISTS (SELECT 1 FROM `case_events` e WHERE e.`case_id` = `cases`.`id` AND e.`kind` = 'returned')
   AND NOT EXISTS (SELECT 1 FROM `roles` r WHERE r.`contact_id` = `cases`.`assignee_id` AND r.`role` = 'worker' AND r.`scope_kind` = 'grid' AND r.`scope_id` = `cases`.`grid_id`)
  THEN 1 ELSE 0 END;--> statement-breakpoint
UPDATE `cases` SET `resolved_level` = `level` WHERE `resolved_level` IS NOT NULL;--> statement-breakpoint
-- Every 'escalated' event so far was the ladder's; 'escalated' now means a hand-up by #上报.
UPDATE `case_events` SET `kind` = 'reminded' WHERE `kind` = 'escalated';
