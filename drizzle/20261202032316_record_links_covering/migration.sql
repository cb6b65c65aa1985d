DROP INDEX IF EXISTS `record_countries_country`;--> statement-breakpoint
DROP INDEX IF EXISTS `record_fields_field`;--> statement-breakpoint
CREATE INDEX `record_countries_country_record` ON `record_countries` (`country_code`,`record_id`);--> statement-breakpoint
CREATE INDEX `record_fields_field_record` ON `record_fields` (`field`,`record_id`);