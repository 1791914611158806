DROP INDEX `outbox_pending_idx`;--> statement-breakpoint
CREATE INDEX `outbox_unsent_idx` ON `outbox` (`id`) WHERE "outbox"."sent_at" is null and "outbox"."failed_at" is null;