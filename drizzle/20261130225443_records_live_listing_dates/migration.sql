-- The records' listing index holds their dates too, so a walk in date order tests `dateFrom`
-- from the index instead of reading each row (drizzle-kit does not see a change of an index's columns).
DROP INDEX IF EXISTS `records_live_listing`;--> statement-breakpoint
CREATE INDEX `records_live_listing` ON `records` (`date_key`,`id`,`kind`,`year`,`status`,`pillar`,`parent_id`,`starts_on`,`ends_on`) WHERE archived_at IS NULL;