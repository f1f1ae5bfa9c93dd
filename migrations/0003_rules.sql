CREATE TABLE `rule_firings` (
	`rule` text NOT NULL,
	`subject` text NOT NULL,
	`step` text NOT NULL,
	`cycle` integer NOT NULL,
	`fired_at` integer NOT NULL,
	PRIMARY KEY(`rule`, `subject`, `step`, `cycle`)
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `next_rule_at` integer;--> statement-breakpoint
CREATE INDEX `cases_next_rule` ON `cases` (`next_rule_at`) WHERE "cases"."next_rule_at" is not null;