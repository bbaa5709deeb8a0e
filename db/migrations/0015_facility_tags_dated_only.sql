ALTER TABLE "facilities" DROP COLUMN "tags";
