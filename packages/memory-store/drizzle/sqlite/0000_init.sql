CREATE TABLE `memory_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`ns` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`search_text` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires` integer,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memory_items_ns_key` ON `memory_items` (`ns`,`key`);--> statement-breakpoint
CREATE INDEX `memory_items_ns_seq` ON `memory_items` (`ns`,`seq`);--> statement-breakpoint
CREATE INDEX `memory_items_seq` ON `memory_items` (`seq`);--> statement-breakpoint
CREATE INDEX `memory_items_expires` ON `memory_items` (`expires`);