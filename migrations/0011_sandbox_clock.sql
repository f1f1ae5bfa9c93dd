CREATE TABLE `sandbox_clock` (
	`id` integer PRIMARY KEY NOT NULL,
	`offset_ms` integer NOT NULL,
	`updated_at` integer NOT NULL
);
