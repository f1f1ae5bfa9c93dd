CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`text` text NOT NULL,
	`from_category` text NOT NULL,
	`to_category` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `corrections_case` ON `corrections` (`case_id`,`id`);