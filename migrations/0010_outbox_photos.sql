ALTER TABLE `outbox` ADD `kind` text DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attachment_id` integer;--> statement-breakpoint
CREATE INDEX `outbox_attachment` ON `outbox` (`attachment_id`) WHERE "outbox"."attachment_id" is not null;