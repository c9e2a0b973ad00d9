CREATE TABLE "activity_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"subject_user_id" uuid,
	"customer_id" text,
	"client_address" text,
	"user_agent" text,
	"detail" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "activity_events_subject_idx" ON "activity_events" USING btree ("subject_user_id","id");--> statement-breakpoint
CREATE INDEX "activity_events_customer_idx" ON "activity_events" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "activity_events_at_idx" ON "activity_events" USING btree ("at");