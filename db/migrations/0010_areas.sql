CREATE TABLE `area_groups` (
	`room_id` text PRIMARY KEY NOT NULL,
	`area_id` integer NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`bound_by` text NOT NULL,
	`bound_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `area_groups_area_idx` ON `area_groups` (`area_id`);--> statement-breakpoint
CREATE TABLE `area_role_grants` (
	`area_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`area_id`, `person_id`, `role`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `area_role_grants_person_idx` ON `area_role_grants` (`person_id`);--> statement-breakpoint
CREATE TABLE `area_settings` (
	`area_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`area_id`, `key`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_kind_name_idx` ON `areas` (`kind`,`name`);--> statement-breakpoint
CREATE INDEX `areas_parent_idx` ON `areas` (`parent_id`);--> statement-breakpoint
ALTER TABLE `compounds` ADD `community_id` integer REFERENCES areas(id);--> statement-breakpoint
ALTER TABLE `compounds` ADD `company` text;--> statement-breakpoint
CREATE INDEX `compounds_community_idx` ON `compounds` (`community_id`);