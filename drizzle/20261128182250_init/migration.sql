CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `branch_centres` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh_hant` text,
	`description_zh_hans` text,
	`description_en` text,
	`host_institution_id` integer,
	`target_id` integer,
	`field` text,
	`planned_year` integer,
	`launched_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_branch_centres_host_institution_id_institutions_id_fk` FOREIGN KEY (`host_institution_id`) REFERENCES `institutions`(`id`),
	CONSTRAINT `fk_branch_centres_target_id_plan_targets_id_fk` FOREIGN KEY (`target_id`) REFERENCES `plan_targets`(`id`),
	CONSTRAINT "branch_centres_kind_valid" CHECK(kind IN ('MIIT_BRANCH', 'ENABLING_PLATFORM')),
	CONSTRAINT "branch_centres_status_valid" CHECK(status IN ('PLANNED', 'LAUNCHED', 'OPERATING'))
);
--> statement-breakpoint
CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`source_id` integer NOT NULL,
	`paragraph` integer,
	`institution_id` integer,
	`branch_centre_id` integer,
	`network_id` integer,
	`record_id` integer,
	`indicator_id` integer,
	`plan_target_id` integer,
	CONSTRAINT `fk_citations_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`),
	CONSTRAINT `fk_citations_institution_id_institutions_id_fk` FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_citations_branch_centre_id_branch_centres_id_fk` FOREIGN KEY (`branch_centre_id`) REFERENCES `branch_centres`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_citations_network_id_networks_id_fk` FOREIGN KEY (`network_id`) REFERENCES `networks`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_citations_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_citations_indicator_id_indicators_id_fk` FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_citations_plan_target_id_plan_targets_id_fk` FOREIGN KEY (`plan_target_id`) REFERENCES `plan_targets`(`id`) ON DELETE CASCADE,
	CONSTRAINT "citations_one_subject" CHECK((institution_id IS NOT NULL) + (branch_centre_id IS NOT NULL) + (network_id IS NOT NULL) + (record_id IS NOT NULL) + (indicator_id IS NOT NULL) + (plan_target_id IS NOT NULL) = 1)
);
--> statement-breakpoint
CREATE TABLE `countries` (
	`code` text PRIMARY KEY,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`brics_member` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`pillar` text NOT NULL,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`value` real,
	`unit` text NOT NULL,
	`qualifier` text DEFAULT 'EXACT' NOT NULL,
	`change_percent` real,
	`period_start` text,
	`period_end` text,
	`year` integer,
	`record_id` integer,
	`institution_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_indicators_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE SET NULL,
	CONSTRAINT `fk_indicators_institution_id_institutions_id_fk` FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON DELETE SET NULL,
	CONSTRAINT "indicators_unit_valid" CHECK(unit IN ('CNY', 'PERCENT', 'COUNT', 'TRAINS', 'TEU', 'SQUARE_METRES', 'DAYS', 'PERSON_TIMES', 'PEOPLE', 'COUNTRIES')),
	CONSTRAINT "indicators_qualifier_valid" CHECK(qualifier IN ('EXACT', 'MORE_THAN', 'ABOUT', 'AT_LEAST')),
	CONSTRAINT "indicators_has_figure" CHECK(value IS NOT NULL OR change_percent IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE `institutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`type` text NOT NULL,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`acronym` text,
	`country_code` text,
	`website` text,
	`description_zh_hant` text,
	`description_zh_hans` text,
	`description_en` text,
	`parent_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_institutions_country_code_countries_code_fk` FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`),
	CONSTRAINT `fk_institutions_parent_id_institutions_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `institutions`(`id`),
	CONSTRAINT "institutions_type_valid" CHECK(type IN ('MINISTRY', 'GOVERNMENT', 'GOVERNMENT_AGENCY', 'THINK_TANK', 'RESEARCH_INSTITUTE', 'UNIVERSITY', 'COMPANY', 'INTERNATIONAL_ORGANISATION', 'FACILITY', 'COOPERATION_BODY'))
);
--> statement-breakpoint
CREATE TABLE `network_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`network_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`role` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_network_members_network_id_networks_id_fk` FOREIGN KEY (`network_id`) REFERENCES `networks`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_network_members_institution_id_institutions_id_fk` FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`),
	CONSTRAINT "network_members_role_valid" CHECK(role IN ('LEAD', 'MEMBER'))
);
--> statement-breakpoint
CREATE TABLE `networks` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`pillar` text NOT NULL,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh_hant` text,
	`description_zh_hans` text,
	`description_en` text,
	`established_on` text,
	`membership_incomplete` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "networks_kind_valid" CHECK(kind IN ('TRAINING_ALLIANCE', 'THINK_TANK_ALLIANCE', 'INDUSTRY_ALLIANCE', 'EXPERT_POOL', 'ADVISORY_COMMITTEE')),
	CONSTRAINT "networks_status_valid" CHECK(status IN ('PLANNED', 'ESTABLISHED', 'EXPANDING'))
);
--> statement-breakpoint
CREATE TABLE `participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`record_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`role` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_participants_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_participants_institution_id_institutions_id_fk` FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`),
	CONSTRAINT "participants_role_valid" CHECK(role IN ('HOST', 'CO_HOST', 'GUIDE', 'ORGANISER', 'PARTNER', 'MEMBER'))
);
--> statement-breakpoint
CREATE TABLE `plan_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`year` integer NOT NULL,
	`pillar` text NOT NULL,
	`subject` text NOT NULL,
	`title_zh_hant` text NOT NULL,
	`title_zh_hans` text NOT NULL,
	`title_en` text NOT NULL,
	`description_zh_hant` text,
	`description_zh_hans` text,
	`description_en` text,
	`target_min` integer NOT NULL,
	`target_max` integer,
	`reported_achieved` integer,
	`reported_achieved_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "plan_targets_pillar" CHECK(pillar IN ('POLICY_COORDINATION', 'TALENT_DEVELOPMENT', 'PROJECT_DEVELOPMENT')),
	CONSTRAINT "plan_targets_subject" CHECK(subject IN ('MIIT_BRANCH', 'ENABLING_PLATFORM', 'DEMONSTRATION_TRAINING_PROGRAMME')),
	CONSTRAINT "plan_targets_range" CHECK(target_max IS NULL OR target_max >= target_min)
);
--> statement-breakpoint
CREATE TABLE `record_countries` (
	`record_id` integer NOT NULL,
	`country_code` text NOT NULL,
	CONSTRAINT `record_countries_pk` PRIMARY KEY(`record_id`, `country_code`),
	CONSTRAINT `fk_record_countries_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_record_countries_country_code_countries_code_fk` FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`)
);
--> statement-breakpoint
CREATE TABLE `record_fields` (
	`record_id` integer NOT NULL,
	`field` text NOT NULL,
	CONSTRAINT `record_fields_pk` PRIMARY KEY(`record_id`, `field`),
	CONSTRAINT `fk_record_fields_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE,
	CONSTRAINT "record_fields_field_valid" CHECK(field IN ('INDUSTRIAL_INTERNET', 'DIGITAL_MANUFACTURING', 'ARTIFICIAL_INTELLIGENCE', 'MACHINE_LEARNING', 'BIG_DATA', 'BLOCKCHAIN', 'WEB_TECHNOLOGY', 'RAIL_TRANSPORT', 'GREEN_DEVELOPMENT', 'GREEN_FINANCE', 'DIGITAL_ECONOMY', 'E_COMMERCE', 'TRADE', 'STANDARDISATION', 'INTELLECTUAL_PROPERTY', 'SUPPLY_CHAIN', 'LAW_AND_TAXATION', 'PUBLIC_HEALTH', 'TALENT_DEVELOPMENT', 'INNOVATION'))
);
--> statement-breakpoint
CREATE TABLE `record_tracks` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`record_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name_zh_hant` text NOT NULL,
	`name_zh_hans` text NOT NULL,
	`name_en` text NOT NULL,
	`field` text,
	CONSTRAINT `fk_record_tracks_record_id_records_id_fk` FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `records` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`pillar` text NOT NULL,
	`title_zh_hant` text NOT NULL,
	`title_zh_hans` text NOT NULL,
	`title_en` text NOT NULL,
	`summary_zh_hant` text,
	`summary_zh_hans` text,
	`summary_en` text,
	`location_zh_hant` text,
	`location_zh_hans` text,
	`location_en` text,
	`starts_on` text,
	`ends_on` text,
	`date_precision` text,
	`year` integer,
	`parent_id` integer,
	`target_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_records_parent_id_records_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `records`(`id`),
	CONSTRAINT `fk_records_target_id_plan_targets_id_fk` FOREIGN KEY (`target_id`) REFERENCES `plan_targets`(`id`),
	CONSTRAINT "records_kind_valid" CHECK(kind IN ('EVENT', 'COMPETITION', 'TRAINING', 'SIGNED_PROJECT', 'DEMONSTRATION_UNIT', 'REPORT', 'POLICY_INITIATIVE', 'AGREEMENT')),
	CONSTRAINT "records_status_valid" CHECK(status IN ('PLANNED', 'ONGOING', 'COMPLETED')),
	CONSTRAINT "records_pillar_valid" CHECK(pillar IN ('POLICY_COORDINATION', 'TALENT_DEVELOPMENT', 'PROJECT_DEVELOPMENT')),
	CONSTRAINT "records_dates" CHECK(ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`kind` text NOT NULL,
	`title_zh_hant` text NOT NULL,
	`title_zh_hans` text NOT NULL,
	`title_en` text NOT NULL,
	`publisher` text,
	`url` text,
	`published_on` text,
	`line` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "sources_kind" CHECK(kind IN ('NEWS_REPORT', 'SUPPLEMENTARY_FACT'))
);
--> statement-breakpoint
CREATE INDEX `branch_centres_kind_status` ON `branch_centres` (`kind`,`status`);--> statement-breakpoint
CREATE INDEX `branch_centres_host` ON `branch_centres` (`host_institution_id`);--> statement-breakpoint
CREATE INDEX `branch_centres_target` ON `branch_centres` (`target_id`);--> statement-breakpoint
CREATE INDEX `citations_source` ON `citations` (`source_id`);--> statement-breakpoint
CREATE INDEX `citations_institution` ON `citations` (`institution_id`);--> statement-breakpoint
CREATE INDEX `citations_branch_centre` ON `citations` (`branch_centre_id`);--> statement-breakpoint
CREATE INDEX `citations_network` ON `citations` (`network_id`);--> statement-breakpoint
CREATE INDEX `citations_record` ON `citations` (`record_id`);--> statement-breakpoint
CREATE INDEX `citations_indicator` ON `citations` (`indicator_id`);--> statement-breakpoint
CREATE INDEX `citations_plan_target` ON `citations` (`plan_target_id`);--> statement-breakpoint
CREATE INDEX `indicators_year` ON `indicators` (`year`);--> statement-breakpoint
CREATE INDEX `indicators_record` ON `indicators` (`record_id`);--> statement-breakpoint
CREATE INDEX `indicators_institution` ON `indicators` (`institution_id`);--> statement-breakpoint
CREATE INDEX `institutions_type` ON `institutions` (`type`);--> statement-breakpoint
CREATE INDEX `institutions_country` ON `institutions` (`country_code`);--> statement-breakpoint
CREATE INDEX `institutions_parent` ON `institutions` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `network_members_unique` ON `network_members` (`network_id`,`institution_id`);--> statement-breakpoint
CREATE INDEX `network_members_institution` ON `network_members` (`institution_id`);--> statement-breakpoint
CREATE INDEX `networks_kind` ON `networks` (`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `participants_unique` ON `participants` (`record_id`,`institution_id`,`role`);--> statement-breakpoint
CREATE INDEX `participants_institution` ON `participants` (`institution_id`);--> statement-breakpoint
CREATE INDEX `plan_targets_year` ON `plan_targets` (`year`);--> statement-breakpoint
CREATE INDEX `record_countries_country` ON `record_countries` (`country_code`);--> statement-breakpoint
CREATE INDEX `record_fields_field` ON `record_fields` (`field`);--> statement-breakpoint
CREATE UNIQUE INDEX `record_tracks_position` ON `record_tracks` (`record_id`,`position`);--> statement-breakpoint
CREATE INDEX `records_kind` ON `records` (`kind`);--> statement-breakpoint
CREATE INDEX `records_status` ON `records` (`status`);--> statement-breakpoint
CREATE INDEX `records_pillar` ON `records` (`pillar`);--> statement-breakpoint
CREATE INDEX `records_year` ON `records` (`year`);--> statement-breakpoint
CREATE INDEX `records_starts_on` ON `records` (`starts_on`);--> statement-breakpoint
CREATE INDEX `records_parent` ON `records` (`parent_id`);--> statement-breakpoint
CREATE INDEX `records_target` ON `records` (`target_id`);