CREATE TABLE "bankid_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"browser_hash" text NOT NULL,
	"order_ref" text NOT NULL,
	"auto_start_token" text NOT NULL,
	"qr_start_token" text NOT NULL,
	"qr_start_secret_sealed" text NOT NULL,
	"status" text NOT NULL,
	"hint_code" text,
	"failure_message" text,
	"started_at" timestamp with time zone NOT NULL,
	"last_collect_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "personal_number_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "personal_number_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "users_personal_number_hash_key" ON "users" USING btree ("personal_number_hash");