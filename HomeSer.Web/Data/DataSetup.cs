using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HomeSer.Web.Data;

public static class DataSetup
{
    public const string ConnectionName = "HomeSer";

    public static WebApplicationBuilder AddHomeSerData(this WebApplicationBuilder builder)
    {
        var connectionString = SqliteConnectionString(builder.Configuration, builder.Environment.ContentRootPath);
        // Every context writes its events to the outbox in the transaction of its change (Data/Outbox).
        var durability = SqliteDurability.FromSetting(builder.Configuration["Database:SqliteSynchronous"]);
        builder.Services.AddDbContext<HomeSerDbContext>((services, options) => options.UseSqlite(connectionString)
            .AddInterceptors(services.GetRequiredService<OutboxInterceptor>(), durability)
            // A failed save or command is an exception the caller handles (a lost race, a duplicate key) or the error
            // handler logs with its trace id; EF's own error-level copy would only repeat it as a stack trace.
            .ConfigureWarnings(warnings => warnings.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug))));
        builder.Services.AddSingleton<IWriterQueue>(new SqliteWriterQueue(builder.Configuration.GetValue("Bookings:QueueSqliteWriters", true)));
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>The configured SQLite connection string, with its folder created and a relative path anchored at the content root.</summary>
    public static string SqliteConnectionString(IConfiguration configuration, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString(ConnectionName) ?? "Data Source=App_Data/homeser.db")
        {
            // Writers wait for the lock instead of failing at once.
            DefaultTimeout = 30,
            Pooling = true,
        };
        if (csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(csb.DataSource) ? csb.DataSource : Path.Combine(contentRoot, csb.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }
        return csb.ToString();
    }

    /// <summary>Applies migrations, turns on WAL, ensures roles, and seeds the demo on an empty database when enabled.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await PrepareSchemaAsync(scope.ServiceProvider, cancellationToken);

        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken);
            app.Logger.LogInformation(
                "Demo accounts (password {Password}): {Admin} (admin), {Customer} (customer), {Provider} (provider)",
                DemoSeeder.Password, DemoSeeder.AdminEmail, DemoSeeder.CustomerEmail, DemoSeeder.ProviderEmail);
        }
    }

    /// <summary>Migrations, WAL and the three roles: what every database needs before anything is written to it.</summary>
    public static async Task PrepareSchemaAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<HomeSerDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while one writer commits; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var roles = scopedServices.GetRequiredService<RoleManager<IdentityRole<int>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<int>(role));
            }
        }
    }
}
