CREATE TABLE `accounts` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`standby` integer DEFAULT false NOT NULL,
	`contact_id` text,
	`logged_in` integer DEFAULT false NOT NULL,
	`healthy` integer DEFAULT true NOT NULL,
	`last_login_at` integer,
	`last_sent_at` integer,
	`last_failed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `groups` ADD `account` text;--> statement-breakpoint
ALTER TABLE `groups` ADD `account_bound` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `groups_account` ON `groups` (`account`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `account` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_account_turn` ON `outbox` (`status`,`account`,`priority`,`turn`,`not_before`);