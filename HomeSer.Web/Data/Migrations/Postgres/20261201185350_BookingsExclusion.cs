using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HomeSer.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// The database itself refuses two overlapping active bookings of one provider, so even a bug above it cannot
    /// double-book: an exclusion constraint over [start, end + the provider's buffer) of every booking that holds the
    /// provider's time. The buffer lives on the provider, so a trigger copies "end + buffer" into a column the constraint
    /// can index. The statuses are <c>BookingFilters.HoldsProviderTime</c>'s (PostgresExclusionTests checks they agree).
    /// Travel time between homes is the app's stricter rule on top; the constraint is the floor.
    /// </summary>
    public partial class BookingsExclusion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS btree_gist;

                ALTER TABLE "Bookings" ADD COLUMN "HeldUntilUtc" timestamp with time zone;

                CREATE FUNCTION homeser_booking_held_until() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."HeldUntilUtc" := NEW."ScheduledEndUtc"
                        + make_interval(mins => (SELECT p."BufferMinutes" FROM "Providers" p WHERE p."Id" = NEW."ProviderId"));
                    RETURN NEW;
                END $$;

                CREATE TRIGGER "TR_Bookings_HeldUntil"
                    BEFORE INSERT OR UPDATE OF "StartUtc", "ScheduledEndUtc", "ProviderId" ON "Bookings"
                    FOR EACH ROW EXECUTE FUNCTION homeser_booking_held_until();

                -- A shorter buffer shortens what existing bookings hold (never a conflict); a longer one applies to
                -- bookings made or moved from then on, as the app's own check does, and cannot fail the schedule change.
                CREATE FUNCTION homeser_provider_buffer_shortened() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Bookings" SET "HeldUntilUtc" = "ScheduledEndUtc" + make_interval(mins => NEW."BufferMinutes")
                    WHERE "ProviderId" = NEW."Id";
                    RETURN NEW;
                END $$;

                CREATE TRIGGER "TR_Providers_BufferShortened"
                    AFTER UPDATE OF "BufferMinutes" ON "Providers"
                    FOR EACH ROW WHEN (NEW."BufferMinutes" < OLD."BufferMinutes")
                    EXECUTE FUNCTION homeser_provider_buffer_shortened();

                UPDATE "Bookings" SET "ScheduledEndUtc" = "ScheduledEndUtc";
                ALTER TABLE "Bookings" ALTER COLUMN "HeldUntilUtc" SET NOT NULL;

                ALTER TABLE "Bookings" ADD CONSTRAINT "EX_Bookings_ProviderTime" EXCLUDE USING gist (
                    "ProviderId" WITH =,
                    tstzrange("StartUtc", "HeldUntilUtc", '[)') WITH &&
                ) WHERE ("Status" IN ('pending', 'confirmed', 'rescheduled', 'in_progress'));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Bookings" DROP CONSTRAINT "EX_Bookings_ProviderTime";
                DROP TRIGGER "TR_Providers_BufferShortened" ON "Providers";
                DROP FUNCTION homeser_provider_buffer_shortened();
                DROP TRIGGER "TR_Bookings_HeldUntil" ON "Bookings";
                DROP FUNCTION homeser_booking_held_until();
                ALTER TABLE "Bookings" DROP COLUMN "HeldUntilUtc";
                """);
        }
    }
}
