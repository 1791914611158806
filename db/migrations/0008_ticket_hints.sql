CREATE TABLE `ticket_hints` (
	`room_id` text NOT NULL,
	`person_id` text NOT NULL,
	`hinted_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `person_id`)
);
