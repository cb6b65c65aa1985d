DROP INDEX IF EXISTS `records_live_date_key`;--> statement-breakpoint
CREATE INDEX `records_live_page` ON `records` (`date_key`,`id`,`kind`,`year`) WHERE archived_at IS NULL;