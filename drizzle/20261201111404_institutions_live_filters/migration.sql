CREATE INDEX `institutions_live_countries` ON `institutions` (`country_code`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `institutions_live_types` ON `institutions` (`type`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `institutions_live_country_types` ON `institutions` (`country_code`,`type`) WHERE archived_at IS NULL;