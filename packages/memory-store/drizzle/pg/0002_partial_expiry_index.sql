DROP INDEX "memory_items_expires";--> statement-breakpoint
CREATE INDEX "memory_items_expires" ON "memory_items" USING btree ("expires_at") WHERE "memory_items"."expires_at" is not null;