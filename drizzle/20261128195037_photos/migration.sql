CREATE TABLE `photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`caption_zh_hant` text NOT NULL,
	`caption_zh_hans` text NOT NULL,
	`caption_en` text NOT NULL,
	`photographer_zh_hant` text,
	`photographer_zh_hans` text,
	`photographer_en` text,
	`credit_zh_hant` text,
	`credit_zh_hans` text,
	`credit_en` text,
	`archive_photo` integer DEFAULT false NOT NULL,
	`source_id` integer NOT NULL,
	`paragraph` integer,
	`record_id` integer,
	`institution_id` integer,
	`indicator_id` integer,
	CONSTRAINT `fk_photos_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`),
	CONSTRAINT `fk_photos_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_photos_institution_id_institutions_id_fk` FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_photos_indicator_id_indicators_id_fk` FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON DELETE CASCADE,
	CONSTRAINT "photos_one_subject" CHECK((record_id IS NOT NULL) + (institution_id IS NOT NULL) + (indicator_id IS NOT NULL) <= 1)
);
--> statement-breakpoint
CREATE INDEX `photos_record` ON `photos` (`record_id`);--> statement-breakpoint
CREATE INDEX `photos_institution` ON `photos` (`institution_id`);--> statement-breakpoint
CREATE INDEX `photos_indicator` ON `photos` (`indicator_id`);