CREATE TABLE `ballots` (
	`poll_id` integer NOT NULL,
	`voter_key` text NOT NULL,
	`person_id` text,
	`unit_id` integer,
	`choices` text NOT NULL,
	`cast_at` integer,
	`ack_pending` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`poll_id`, `voter_key`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_poll_unit_idx` ON `ballots` (`poll_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `ballots_ack_idx` ON `ballots` (`poll_id`) WHERE "ballots"."ack_pending" = 1;--> statement-breakpoint
CREATE TABLE `poll_notices` (
	`poll_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`outcome` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `kind`, `key`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`no` integer NOT NULL,
	`kind` text NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`multi` integer DEFAULT false NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`major` integer DEFAULT false NOT NULL,
	`voters` text NOT NULL,
	`room_id` text NOT NULL,
	`opened_by` text NOT NULL,
	`opened_at` integer NOT NULL,
	`deadline` integer NOT NULL,
	`closed_at` integer,
	`result_posted_at` integer,
	`secret` text,
	`final` text,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `polls_compound_no_idx` ON `polls` (`compound_id`,`no`);--> statement-breakpoint
CREATE INDEX `polls_open_idx` ON `polls` (`deadline`) WHERE "polls"."closed_at" is null;