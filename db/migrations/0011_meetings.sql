CREATE TABLE `meeting_topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`text` text NOT NULL,
	`author_id` text NOT NULL,
	`at` integer NOT NULL,
	`meeting_id` integer,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_topics_compound_idx` ON `meeting_topics` (`compound_id`,`meeting_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`place` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`eve_agenda_at` integer,
	`start_agenda_at` integer,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_area_idx` ON `meetings` (`area_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meetings_pending_idx` ON `meetings` (`starts_at`) WHERE "meetings"."cancelled_at" is null and "meetings"."start_agenda_at" is null;