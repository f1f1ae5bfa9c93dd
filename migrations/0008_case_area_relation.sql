ALTER TABLE `cases` ADD `area` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `relation` text;