using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HomeSer.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class BookingAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TravelSpeedKmh",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<string>(
                name: "AddressAccessNotes",
                table: "Bookings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AddressApproximate",
                table: "Bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressCity",
                table: "Bookings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AddressLat",
                table: "Bookings",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AddressLng",
                table: "Bookings",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressPostalCode",
                table: "Bookings",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressStreet",
                table: "Bookings",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HomeAccessNotes",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HomeApproximate",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HomeCity",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLat",
                table: "AspNetUsers",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLng",
                table: "AspNetUsers",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HomePostalCode",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HomeStreet",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TravelSpeedKmh",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "AddressAccessNotes",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressApproximate",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressCity",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressLat",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressLng",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressPostalCode",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "AddressStreet",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "HomeAccessNotes",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomeApproximate",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomeCity",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomeLat",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomeLng",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomePostalCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "HomeStreet",
                table: "AspNetUsers");
        }
    }
}
