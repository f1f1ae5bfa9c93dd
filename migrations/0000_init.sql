CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
	`room_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`path` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_message_id_unique` ON `attachments` (`message_id`);--> statement-breakpoint
CREATE INDEX `attachments_sender` ON `attachments` (`room_id`,`sender_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `attachments_status` ON `attachments` (`status`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`kind` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grid_id` integer NOT NULL,
	`room_id` text NOT NULL,
	`reporter_id` text NOT NULL,
	`reporter_name` text NOT NULL,
	`text` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`building` text,
	`unit` text,
	`room` text,
	`floor` text,
	`road` text,
	`door_no` text,
	`spot` text,
	`location_from_nickname` integer DEFAULT false NOT NULL,
	`state` text NOT NULL,
	`assignee_id` text,
	`assignee_name` text,
	`level` integer DEFAULT 0 NOT NULL,
	`source_message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_source_message_id_unique` ON `cases` (`source_message_id`);--> statement-breakpoint
CREATE INDEX `cases_reporter` ON `cases` (`reporter_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_grid_state` ON `cases` (`grid_id`,`state`);--> statement-breakpoint
CREATE INDEX `cases_assignee_state` ON `cases` (`assignee_id`,`state`);--> statement-breakpoint
CREATE TABLE `communities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`street_id` integer,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `communities_name_unique` ON `communities` (`name`);--> statement-breakpoint
CREATE TABLE `grids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grids_community_name` ON `grids` (`community_id`,`name`);--> statement-breakpoint
CREATE TABLE `groups` (
	`room_id` text PRIMARY KEY NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`kind` text,
	`grid_id` integer,
	`community_id` integer,
	`street_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `groups_grid` ON `groups` (`grid_id`);--> statement-breakpoint
CREATE INDEX `groups_community` ON `groups` (`community_id`,`kind`);--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`room_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`nickname` text NOT NULL,
	`name` text NOT NULL,
	`building` text,
	`unit` text,
	`room` text,
	`present` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `contact_id`)
);
--> statement-breakpoint
CREATE INDEX `members_contact` ON `members` (`contact_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`is_room` integer NOT NULL,
	`text` text NOT NULL,
	`mention_ids` text DEFAULT '[]' NOT NULL,
	`priority` text NOT NULL,
	`not_before` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE TABLE `pending_reports` (
	`room_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`text` text NOT NULL,
	`message_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `contact_id`)
);
--> statement-breakpoint
CREATE TABLE `roles` (
	`contact_id` text NOT NULL,
	`role` text NOT NULL,
	`scope_kind` text NOT NULL,
	`scope_id` integer NOT NULL,
	`name` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `scope_kind`, `scope_id`)
);
--> statement-breakpoint
CREATE INDEX `roles_scope` ON `roles` (`scope_kind`,`scope_id`,`role`);--> statement-breakpoint
CREATE TABLE `streets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `streets_name_unique` ON `streets` (`name`);