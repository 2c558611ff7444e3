DROP INDEX `memory_items_seq`;--> statement-breakpoint
DROP INDEX `memory_items_expires`;--> statement-breakpoint
CREATE INDEX `memory_items_expires` ON `memory_items` (`expires_at`) WHERE "memory_items"."expires_at" is not null;