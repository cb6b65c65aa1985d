-- The entity type becomes an indexed token (it was UNINDEXED), so a search narrowed to some types
-- is narrowed inside the full-text match, and ranking, ordering and paging happen in one FTS5
-- scan (`ORDER BY rank LIMIT`). The index is derived data: its rows are copied as they are.
CREATE VIRTUAL TABLE `search_index_next` USING fts5(
	`entity_type`,
	`entity_id` UNINDEXED,
	`title`,
	`body`,
	`unigrams`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `search_index_next` (`entity_type`, `entity_id`, `title`, `body`, `unigrams`)
	SELECT `entity_type`, `entity_id`, `title`, `body`, `unigrams` FROM `search_index`;
--> statement-breakpoint
DROP TABLE `search_index`;
--> statement-breakpoint
ALTER TABLE `search_index_next` RENAME TO `search_index`;
