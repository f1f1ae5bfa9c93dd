ALTER TABLE `outbox` ADD `turn` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lane` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_turn` ON `outbox` (`status`,`priority`,`turn`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_lane` ON `outbox` (`lane`,`status`,`priority`,`turn`);