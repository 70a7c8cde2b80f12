using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HomeSer.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProviderStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CompletedCount",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ConfirmedCount",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NoShowCount",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ProviderCancelledCount",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "TotalConfirmMinutes",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompletedCount",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "ConfirmedCount",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "NoShowCount",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "ProviderCancelledCount",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "TotalConfirmMinutes",
                table: "Providers");
        }
    }
}
