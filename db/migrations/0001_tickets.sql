CREATE TABLE `ticket_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`path` text NOT NULL,
	`size` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_attachments_message_id_unique` ON `ticket_attachments` (`message_id`);--> statement-breakpoint
CREATE INDEX `ticket_attachments_ticket_idx` ON `ticket_attachments` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text NOT NULL,
	`at` integer NOT NULL,
	`note` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket_idx` ON `ticket_events` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`no` integer NOT NULL,
	`room_id` text NOT NULL,
	`reporter_id` text NOT NULL,
	`filed_by` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`ticket_class` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`assignee_id` text,
	`filed_at` integer NOT NULL,
	`response_due_at` integer NOT NULL,
	`solve_due_at` integer NOT NULL,
	`assigned_at` integer,
	`responded_at` integer,
	`on_site_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`paused_at` integer,
	`paused_ms` integer DEFAULT 0 NOT NULL,
	`pause_reason` text,
	`plan` text,
	`escalated_at` integer,
	`escalation_reason` text,
	`score` integer,
	`feedback` text,
	`rework_count` integer DEFAULT 0 NOT NULL,
	`last_urged_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporter_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_compound_no_idx` ON `tickets` (`compound_id`,`no`);--> statement-breakpoint
CREATE INDEX `tickets_reporter_idx` ON `tickets` (`compound_id`,`reporter_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `tickets_filed_idx` ON `tickets` (`compound_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `tickets_open_idx` ON `tickets` (`solve_due_at`) WHERE "tickets"."closed_at" is null;