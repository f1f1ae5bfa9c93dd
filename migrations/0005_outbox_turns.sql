ALTER TABLE `outbox` ADD `turn` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_turn` ON `outbox` (`status`,`priority`,`turn`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_conversation` ON `outbox` (`conversation_id`,`status`,`priority`,`turn`);