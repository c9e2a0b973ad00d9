ALTER TABLE "account_members" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "account_members" ADD CONSTRAINT "account_members_role_check" CHECK ("account_members"."role" in ('owner', 'admin', 'member'));--> statement-breakpoint
-- Accounts linked before roles: the person linked first owns the account, so every account keeps an owner.
UPDATE "account_members" AS m SET "role" = 'owner'
FROM (
	SELECT DISTINCT ON ("customer_id") "customer_id", "user_id" FROM "account_members" ORDER BY "customer_id", "created_at", "user_id"
) AS first
WHERE m."customer_id" = first."customer_id" AND m."user_id" = first."user_id";--> statement-breakpoint
-- The sign-ins still known: the newest live session of each user.
UPDATE "users" AS u SET "last_sign_in_at" = s."started"
FROM (SELECT "user_id", max("created_at") AS "started" FROM "sessions" GROUP BY "user_id") AS s
WHERE u."id" = s."user_id";
