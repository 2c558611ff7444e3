CREATE TABLE "memory_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ns" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"value" jsonb NOT NULL,
	"search_text" text,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce("search_text", ''))) STORED,
	"embedding" real[],
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"expires" bigint,
	"seq" bigserial NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "memory_items_ns_key" ON "memory_items" USING btree ("ns","key");--> statement-breakpoint
CREATE INDEX "memory_items_ns_seq" ON "memory_items" USING btree ("ns","seq");--> statement-breakpoint
CREATE INDEX "memory_items_expires" ON "memory_items" USING btree ("expires");--> statement-breakpoint
CREATE INDEX "memory_items_search" ON "memory_items" USING gin ("search_vector");