DROP INDEX IF EXISTS `records_live_page`;--> statement-breakpoint
DROP INDEX IF EXISTS `records_live_kind_year`;--> statement-breakpoint
CREATE INDEX `records_live_listing` ON `records` (`date_key`,`id`,`kind`,`year`,`status`,`pillar`,`parent_id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `records_live_counted` ON `records` (`kind`,`year`,`status`,`pillar`,`parent_id`) WHERE archived_at IS NULL;