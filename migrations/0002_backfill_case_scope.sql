-- Cases filed before the case workflow carry their community and street too (scope queries use them).
UPDATE `cases` SET `community_id` = (SELECT `community_id` FROM `grids` WHERE `grids`.`id` = `cases`.`grid_id`) WHERE `community_id` IS NULL;--> statement-breakpoint
UPDATE `cases` SET `street_id` = (SELECT `street_id` FROM `communities` WHERE `communities`.`id` = `cases`.`community_id`) WHERE `street_id` IS NULL;
