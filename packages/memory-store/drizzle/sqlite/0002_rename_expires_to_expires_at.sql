ALTER TABLE `memory_items` RENAME COLUMN "expires" TO "expires_at";--> statement-breakpoint
DROP INDEX `memory_items_expires`;--> statement-breakpoint
CREATE INDEX `memory_items_expires` ON `memory_items` (`expires_at`);