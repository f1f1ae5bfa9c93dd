CREATE TABLE `elder_days` (
	`elder_id` integer NOT NULL,
	`day` text NOT NULL,
	`due_at` integer NOT NULL,
	`signed_at` integer,
	`signed_how` text,
	`signed_by_id` text,
	`outcome` text,
	`missed_at` integer,
	`nudged_at` integer,
	`listed_at` integer,
	`escalated_at` integer,
	`visited_at` integer,
	`visited_by_name` text,
	`visit_note` text,
	`ended_at` integer,
	`end_reason` text,
	PRIMARY KEY(`elder_id`, `day`),
	FOREIGN KEY (`elder_id`) REFERENCES `elders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `elder_days_due` ON `elder_days` (`due_at`);--> statement-breakpoint
CREATE INDEX `elder_days_escalated` ON `elder_days` (`escalated_at`) WHERE "elder_days"."escalated_at" is not null;--> statement-breakpoint
CREATE TABLE `elder_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`elder_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`kind` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`elder_id`) REFERENCES `elders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `elder_events_elder` ON `elder_events` (`elder_id`,`at`);--> statement-breakpoint
CREATE TABLE `elder_family` (
	`elder_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`name` text NOT NULL,
	`added_by_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`elder_id`, `contact_id`),
	FOREIGN KEY (`elder_id`) REFERENCES `elders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `elder_family_contact` ON `elder_family` (`contact_id`);--> statement-breakpoint
CREATE TABLE `elders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`name` text NOT NULL,
	`call` text,
	`nickname` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`grid_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`street_id` integer,
	`room_id` text NOT NULL,
	`check_by` integer NOT NULL,
	`tier` text NOT NULL,
	`away_from` text,
	`away_to` text,
	`day` text NOT NULL,
	`next_at` integer,
	`since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_id` text NOT NULL,
	`created_by_name` text NOT NULL,
	`updated_at` integer NOT NULL,
	`stopped_at` integer,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `elders_contact_id_unique` ON `elders` (`contact_id`);--> statement-breakpoint
CREATE INDEX `elders_next` ON `elders` (`next_at`) WHERE "elders"."next_at" is not null;--> statement-breakpoint
CREATE INDEX `elders_community` ON `elders` (`community_id`,`next_at`);--> statement-breakpoint
CREATE INDEX `elders_grid` ON `elders` (`grid_id`);--> statement-breakpoint
CREATE TABLE `presence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`last_at` integer NOT NULL
);
