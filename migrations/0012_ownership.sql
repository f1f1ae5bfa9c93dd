CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`street_id` integer,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_unique` ON `departments` (`name`);--> statement-breakpoint
CREATE TABLE `dispatches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`from_level` integer NOT NULL,
	`dispatcher_id` text NOT NULL,
	`dispatcher_name` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	`respond_due_at` integer,
	`resolve_due_at` integer,
	`responded_at` integer,
	`resolved_at` integer,
	`ended_at` integer,
	`staff_rating` text,
	`staff_comment` text,
	`staff_rater_id` text,
	`staff_rated_at` integer,
	`reporter_rating` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispatches_case` ON `dispatches` (`case_id`,`id`);--> statement-breakpoint
CREATE INDEX `dispatches_department` ON `dispatches` (`department_id`,`at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `department_id` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `dispatch_level` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `supervision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `hand_ons` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `department_id` integer REFERENCES departments(id);--> statement-breakpoint
CREATE INDEX `groups_department` ON `groups` (`department_id`);