CREATE TABLE `inbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`kind` text DEFAULT 'text' NOT NULL,
	`room_id` text,
	`speaker_id` text DEFAULT '' NOT NULL,
	`text` text,
	`mention_ids` text,
	`bot_names` text DEFAULT '[]' NOT NULL,
	`received_at` integer NOT NULL,
	`handled_at` integer,
	`recoveries` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_message_id_unique` ON `inbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbox_handled_idx` ON `inbox` (`handled_at`);--> statement-breakpoint
-- Handled ids of the last week come along, so a redelivery after the upgrade is still handled once.
INSERT INTO `inbox` (`message_id`, `received_at`, `handled_at`) SELECT `message_id`, `handled_at`, `handled_at` FROM `processed_messages`;
--> statement-breakpoint
DROP TABLE `processed_messages`;
--> statement-breakpoint
CREATE INDEX `outbox_conversation_unsent_idx` ON `outbox` (`conversation_id`,`id`,`not_before`,`attempts`) WHERE "outbox"."sent_at" is null and "outbox"."failed_at" is null;