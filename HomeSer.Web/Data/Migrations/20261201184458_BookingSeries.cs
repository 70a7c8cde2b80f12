using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HomeSer.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class BookingSeries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SeriesId",
                table: "Bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BookingSeries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderId = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LocalStartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerNotes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AllowPartial = table.Column<bool>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Skipped = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingSeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BookingSeries_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BookingSeries_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BookingSeries_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_SeriesId",
                table: "Bookings",
                column: "SeriesId");

            migrationBuilder.CreateIndex(
                name: "IX_BookingSeries_CustomerId_IdempotencyKey",
                table: "BookingSeries",
                columns: new[] { "CustomerId", "IdempotencyKey" },
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BookingSeries_ProviderId",
                table: "BookingSeries",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_BookingSeries_ServiceId",
                table: "BookingSeries",
                column: "ServiceId");

            migrationBuilder.AddForeignKey(
                name: "FK_Bookings_BookingSeries_SeriesId",
                table: "Bookings",
                column: "SeriesId",
                principalTable: "BookingSeries",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Bookings_BookingSeries_SeriesId",
                table: "Bookings");

            migrationBuilder.DropTable(
                name: "BookingSeries");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_SeriesId",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "SeriesId",
                table: "Bookings");
        }
    }
}
