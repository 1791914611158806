CREATE TABLE `board_tokens` (
	`owner_kind` text NOT NULL,
	`owner_id` integer NOT NULL,
	`token` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`owner_kind`, `owner_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_tokens_token_unique` ON `board_tokens` (`token`);