CREATE TABLE "board_tokens" (
	"owner_kind" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"token" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "board_tokens_owner_kind_owner_id_pk" PRIMARY KEY("owner_kind","owner_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "board_tokens_token_unique" ON "board_tokens" USING btree ("token");