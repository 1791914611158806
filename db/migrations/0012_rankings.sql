CREATE TABLE `area_schedules` (
	`name` text NOT NULL,
	`area_id` integer NOT NULL,
	`cron` text NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`name`, `area_id`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `area_schedules_next_idx` ON `area_schedules` (`name`,`next_run_at`);--> statement-breakpoint
CREATE TABLE `company_rankings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_id` integer NOT NULL,
	`period_from` integer NOT NULL,
	`period_to` integer NOT NULL,
	`label` text NOT NULL,
	`result` text NOT NULL,
	`summary` text NOT NULL,
	`image` blob NOT NULL,
	`room_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `company_rankings_dedupe_key_unique` ON `company_rankings` (`dedupe_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `company_rankings_period_idx` ON `company_rankings` (`area_id`,`period_from`);--> statement-breakpoint
CREATE INDEX `company_rankings_posted_idx` ON `company_rankings` (`area_id`,`created_at`);