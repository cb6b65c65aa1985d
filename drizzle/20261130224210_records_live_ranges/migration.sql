ALTER TABLE `records` ADD `end_key` text GENERATED ALWAYS AS (coalesce(ends_on, starts_on)) VIRTUAL;--> statement-breakpoint
DROP INDEX IF EXISTS `records_kind`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_status`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_pillar`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_year`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_live_counted`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_live_year`;--> statement-breakpoint
CREATE INDEX `records_live_kinds` ON `records` (`kind`,`year`,`status`,`pillar`,`parent_id`,`starts_on`,`end_key`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_years` ON `records` (`year`,`kind`,`status`,`pillar`,`parent_id`,`starts_on`,`end_key`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_ends` ON `records` (`end_key`,`starts_on`,`kind`,`year`,`status`,`pillar`,`parent_id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_starts` ON `records` (`starts_on`,`end_key`,`kind`,`year`,`status`,`pillar`,`parent_id`) WHERE archived_at IS NULL;