CREATE TABLE `account_rooms` (
	`room_id` text NOT NULL,
	`account_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `account_id`)
);
--> statement-breakpoint
CREATE TABLE `bot_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `message_claims` (
	`key` text PRIMARY KEY NOT NULL,
	`claimed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_claims_claimed_idx` ON `message_claims` (`claimed_at`);--> statement-breakpoint
CREATE TABLE `speaker_leases` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `speaker_leases_account_idx` ON `speaker_leases` (`account_id`);--> statement-breakpoint
ALTER TABLE `inbox` ADD `cross_key` text;