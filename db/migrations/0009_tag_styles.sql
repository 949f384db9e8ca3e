CREATE TYPE "public"."tag_color" AS ENUM('slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink');--> statement-breakpoint
CREATE TABLE "tag_styles" (
	"name" text PRIMARY KEY NOT NULL,
	"color" "tag_color" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
