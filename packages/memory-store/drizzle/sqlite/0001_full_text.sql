-- Full-text index over memory_items.search_text (external content: the text lives once, in memory_items).
CREATE VIRTUAL TABLE `memory_items_fts` USING fts5(search_text, content='memory_items', content_rowid='id', tokenize='porter unicode61');
--> statement-breakpoint
CREATE TRIGGER `memory_items_fts_ai` AFTER INSERT ON `memory_items` WHEN new.search_text IS NOT NULL BEGIN
  INSERT INTO memory_items_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `memory_items_fts_ad` AFTER DELETE ON `memory_items` WHEN old.search_text IS NOT NULL BEGIN
  INSERT INTO memory_items_fts(memory_items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `memory_items_fts_au` AFTER UPDATE OF search_text ON `memory_items` BEGIN
  INSERT INTO memory_items_fts(memory_items_fts, rowid, search_text) SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
  INSERT INTO memory_items_fts(rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
END;
--> statement-breakpoint
-- Index the rows written before this migration.
INSERT INTO memory_items_fts(memory_items_fts) VALUES ('rebuild');
