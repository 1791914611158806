CREATE TABLE `compounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compounds_name_unique` ON `compounds` (`name`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`room_id` text NOT NULL,
	`person_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `person_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_members_person_idx` ON `group_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`room_id` text PRIMARY KEY NOT NULL,
	`compound_id` integer NOT NULL,
	`kind` text DEFAULT 'owners' NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`bound_by` text NOT NULL,
	`bound_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `groups_compound_idx` ON `groups` (`compound_id`,`kind`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target` text DEFAULT 'room' NOT NULL,
	`conversation_id` text NOT NULL,
	`text` text,
	`mention_ids` text DEFAULT '[]' NOT NULL,
	`file_name` text,
	`file_data` blob,
	`dedupe_key` text,
	`created_at` integer NOT NULL,
	`not_before` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`failed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`not_before`,`id`) WHERE "outbox"."sent_at" is null and "outbox"."failed_at" is null;--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `processed_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`handled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processed_messages_handled_idx` ON `processed_messages` (`handled_at`);--> statement-breakpoint
CREATE TABLE `role_grants` (
	`compound_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`compound_id`, `person_id`, `role`),
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `role_grants_role_idx` ON `role_grants` (`compound_id`,`role`);--> statement-breakpoint
CREATE TABLE `settings` (
	`compound_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`compound_id`, `key`),
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `unit_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`area_centi` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`claimed_at` integer NOT NULL,
	`verified_by` text,
	`verified_at` integer,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_claims_unit_person_idx` ON `unit_claims` (`unit_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `unit_claims_person_idx` ON `unit_claims` (`compound_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`building` text NOT NULL,
	`entrance` text NOT NULL,
	`room` text NOT NULL,
	`area_centi` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_address_idx` ON `units` (`compound_id`,`building`,`entrance`,`room`);