ALTER TABLE `records` ADD `date_key` text GENERATED ALWAYS AS (coalesce(starts_on, cast(year as text), '')) VIRTUAL;--> statement-breakpoint
DROP INDEX IF EXISTS `records_date_key`;--> statement-breakpoint
CREATE INDEX `records_live_date_key` ON `records` (`date_key`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_kind_year` ON `records` (`kind`,`year`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_year` ON `records` (`year`) WHERE archived_at IS NULL;