-- Full-text index over every searchable entity. Text is normalised before it is stored here
-- (Simplified script, lower case, CJK runs split into overlapping bigrams), so the default
-- unicode61 tokenizer sees Chinese as two-character words and English as stemmed words.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	`entity_type` UNINDEXED,
	`entity_id` UNINDEXED,
	`title`,
	`body`,
	`unigrams`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
