-- The token hash a session had before its last renewal, and when: any node tells a request that lost a renewal race
-- (the page sent the old token just before the new one arrived) from a sign-out.
ALTER TABLE "sessions" ADD COLUMN "renewed_from" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "renewed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sessions_renewed_from_idx" ON "sessions" USING btree ("renewed_from");