DROP INDEX `cases_grid_state`;--> statement-breakpoint
DROP INDEX `cases_assignee_state`;--> statement-breakpoint
ALTER TABLE `cases` ADD `community_id` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `street_id` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `held_from` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `accepted_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `responded_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `resolved_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `sign_for_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `respond_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `resolve_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `next_due_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `signed_on_time` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `resolved_level` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `rating` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `rating_score` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `rated_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `reopen_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_state_created` ON `cases` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_next_due` ON `cases` (`next_due_at`) WHERE "cases"."next_due_at" is not null;