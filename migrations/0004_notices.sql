CREATE TABLE `notice_recipients` (
	`notice_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`room_id` text NOT NULL,
	`name` text NOT NULL,
	`acked_at` integer,
	`ack_how` text,
	`ack_text` text,
	`ack_by_id` text,
	`left_at` integer,
	PRIMARY KEY(`notice_id`, `contact_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_recipients_contact` ON `notice_recipients` (`contact_id`,`room_id`,`notice_id`);--> statement-breakpoint
CREATE TABLE `notice_rooms` (
	`notice_id` integer NOT NULL,
	`room_id` text NOT NULL,
	`grid_id` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `room_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_rooms_room` ON `notice_rooms` (`room_id`,`notice_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text NOT NULL,
	`source_room_id` text NOT NULL,
	`text` text NOT NULL,
	`deadline` integer,
	`close_at` integer NOT NULL,
	`rounds` integer DEFAULT 0 NOT NULL,
	`last_remind_at` integer,
	`next_at` integer,
	`closed_at` integer,
	`close_reason` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notices_next` ON `notices` (`next_at`) WHERE "notices"."next_at" is not null;--> statement-breakpoint
CREATE INDEX `notices_source` ON `notices` (`source_room_id`,`id`);--> statement-breakpoint
CREATE INDEX `notices_author` ON `notices` (`author_id`,`id`);