CREATE TABLE `trusted_documents` (
	`hash` text PRIMARY KEY,
	`document` text NOT NULL,
	`client` text NOT NULL,
	`registered_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
