CREATE TABLE "memory_vectors" (
	"item_id" bigint PRIMARY KEY NOT NULL,
	"embedding" real[]
);
--> statement-breakpoint
ALTER TABLE "memory_vectors" ADD CONSTRAINT "memory_vectors_item_id_memory_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "memory_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memory_items_value" ON "memory_items" USING gin ("value" jsonb_path_ops);--> statement-breakpoint
-- Move the embeddings written by earlier versions before dropping their column (edited by hand: data migration;
-- the schema is left unqualified so the store's configured schema applies).
INSERT INTO "memory_vectors" ("item_id", "embedding") SELECT "id", "embedding" FROM "memory_items" WHERE "embedding" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "memory_items" DROP COLUMN "embedding";