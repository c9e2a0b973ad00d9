CREATE TABLE "account_members" (
	"user_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_members_user_id_customer_id_pk" PRIMARY KEY("user_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "customer_accounts" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"main_contact_email" text NOT NULL,
	"legacy_password_hash" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "active_account" text;--> statement-breakpoint
ALTER TABLE "account_members" ADD CONSTRAINT "account_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_members" ADD CONSTRAINT "account_members_customer_id_customer_accounts_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer_accounts"("customer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_members_customer_id_idx" ON "account_members" USING btree ("customer_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_active_account_customer_accounts_customer_id_fk" FOREIGN KEY ("active_account") REFERENCES "public"."customer_accounts"("customer_id") ON DELETE set null ON UPDATE no action;