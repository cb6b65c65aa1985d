-- Data fidelity: citations say whether the source states a claim or it is inferred (with a note),
-- indicators and plan targets name the fields they cover, disagreements between sources are kept
-- with each side's source, and an indicator's unit may be unknown (null).
CREATE TABLE `disagreement_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`disagreement_id` integer NOT NULL,
	`position` integer NOT NULL,
	`statement_zh_hant` text NOT NULL,
	`statement_zh_hans` text NOT NULL,
	`statement_en` text NOT NULL,
	`source_id` integer NOT NULL,
	`paragraph` integer,
	CONSTRAINT `fk_disagreement_claims_disagreement_id_source_disagreements_id_fk` FOREIGN KEY (`disagreement_id`) REFERENCES `source_disagreements`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_disagreement_claims_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`)
);
--> statement-breakpoint
CREATE TABLE `indicator_fields` (
	`indicator_id` integer NOT NULL,
	`field` text NOT NULL,
	CONSTRAINT `indicator_fields_pk` PRIMARY KEY(`indicator_id`, `field`),
	CONSTRAINT `fk_indicator_fields_indicator_id_indicators_id_fk` FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `plan_target_fields` (
	`plan_target_id` integer NOT NULL,
	`field` text NOT NULL,
	CONSTRAINT `plan_target_fields_pk` PRIMARY KEY(`plan_target_id`, `field`),
	CONSTRAINT `fk_plan_target_fields_plan_target_id_plan_targets_id_fk` FOREIGN KEY (`plan_target_id`) REFERENCES `plan_targets`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `source_disagreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`topic_zh_hant` text NOT NULL,
	`topic_zh_hans` text NOT NULL,
	`topic_en` text NOT NULL,
	`record_id` integer,
	`indicator_id` integer,
	CONSTRAINT `fk_source_disagreements_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_source_disagreements_indicator_id_indicators_id_fk` FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
ALTER TABLE `citations` ADD `basis` text DEFAULT 'SOURCE_STATES' NOT NULL;--> statement-breakpoint
ALTER TABLE `citations` ADD `note_zh_hant` text;--> statement-breakpoint
ALTER TABLE `citations` ADD `note_zh_hans` text;--> statement-breakpoint
ALTER TABLE `citations` ADD `note_en` text;--> statement-breakpoint
-- libSQL changes a column in place: rebuilding the table would cascade-delete its citations and photos.
ALTER TABLE `indicators` ALTER COLUMN `unit` TO `unit` text;--> statement-breakpoint
CREATE UNIQUE INDEX `disagreement_claims_position` ON `disagreement_claims` (`disagreement_id`,`position`);--> statement-breakpoint
CREATE INDEX `indicator_fields_field` ON `indicator_fields` (`field`);--> statement-breakpoint
CREATE INDEX `plan_target_fields_field` ON `plan_target_fields` (`field`);--> statement-breakpoint
CREATE INDEX `source_disagreements_record` ON `source_disagreements` (`record_id`);--> statement-breakpoint
CREATE INDEX `source_disagreements_indicator` ON `source_disagreements` (`indicator_id`);