-- Live-row counts for statistics. The triggers that keep it, and its first filling, are derived
-- from the entity registry and installed by the data layer (src/db/counters.ts), so they follow
-- the registry; until they are installed for the current registry, statistics count rows instead.
CREATE TABLE `live_counts` (
	`entity` text NOT NULL,
	`dimension` text NOT NULL,
	`bucket` blob NOT NULL,
	`count` integer NOT NULL,
	CONSTRAINT `live_counts_pk` PRIMARY KEY(`entity`, `dimension`, `bucket`)
);
