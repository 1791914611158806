CREATE INDEX `tickets_compound_open_idx` ON `tickets` (`compound_id`,`no`) WHERE "tickets"."closed_at" is null;--> statement-breakpoint
CREATE INDEX `tickets_closed_idx` ON `tickets` (`compound_id`,`closed_at`) WHERE "tickets"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX `tickets_escalated_idx` ON `tickets` (`compound_id`,`escalated_at`) WHERE "tickets"."escalated_at" is not null;