CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`name` text NOT NULL UNIQUE,
	`prefix` text NOT NULL UNIQUE,
	`hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE TABLE `change_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`operation_id` text NOT NULL UNIQUE,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`actor_key_id` integer,
	`actor_name` text NOT NULL,
	`changed_at` text NOT NULL,
	`before` text,
	`after` text,
	CONSTRAINT `fk_change_history_actor_key_id_api_keys_id_fk` FOREIGN KEY (`actor_key_id`) REFERENCES `api_keys`(`id`),
	CONSTRAINT "change_history_action_valid" CHECK(action IN ('CREATE', 'UPDATE', 'ARCHIVE', 'RESTORE'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `change_history_entity_version` ON `change_history` (`entity_type`,`entity_id`,`version`);