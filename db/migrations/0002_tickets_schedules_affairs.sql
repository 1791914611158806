CREATE TABLE `affair_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`author_id` text NOT NULL,
	`at` integer NOT NULL,
	`notice_id` integer,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_id`) REFERENCES `affair_notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `affair_items_pending_idx` ON `affair_items` (`compound_id`,`notice_id`);--> statement-breakpoint
CREATE INDEX `affair_items_at_idx` ON `affair_items` (`compound_id`,`at`);--> statement-breakpoint
CREATE TABLE `affair_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`kind` text NOT NULL,
	`period_from` integer NOT NULL,
	`period_to` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`image` blob NOT NULL,
	`room_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `affair_notices_dedupe_key_unique` ON `affair_notices` (`dedupe_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `affair_notices_period_idx` ON `affair_notices` (`compound_id`,`kind`,`period_to`);--> statement-breakpoint
CREATE INDEX `affair_notices_latest_idx` ON `affair_notices` (`compound_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `affair_schedules` (
	`compound_id` integer NOT NULL,
	`kind` text NOT NULL,
	`cron` text NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`compound_id`, `kind`),
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `affair_schedules_next_idx` ON `affair_schedules` (`next_run_at`);--> statement-breakpoint
CREATE TABLE `ledger_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`direction` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`fund` text DEFAULT 'public' NOT NULL,
	`reason` text NOT NULL,
	`author_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_lines_at_idx` ON `ledger_lines` (`compound_id`,`at`);--> statement-breakpoint
CREATE TABLE `schedule_runs` (
	`name` text NOT NULL,
	`compound_id` integer NOT NULL,
	`next_run_at` integer NOT NULL,
	`last_run_at` integer,
	PRIMARY KEY(`name`, `compound_id`),
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_runs_next_idx` ON `schedule_runs` (`name`,`next_run_at`);--> statement-breakpoint
CREATE TABLE `ticket_reminders` (
	`ticket_id` integer NOT NULL,
	`key` text NOT NULL,
	`compound_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`due_at` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `key`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_reminders_held_idx` ON `ticket_reminders` (`compound_id`) WHERE "ticket_reminders"."outcome" = 'held';