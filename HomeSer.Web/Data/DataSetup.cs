using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Data.Postgres;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HomeSer.Web.Data;

/// <summary>The main database's engine (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DataSetup
{
    public const string ConnectionName = "HomeSer";

    /// <summary>One application name on every node, so each protects and unprotects with the same keys.</summary>
    public const string ApplicationName = "HomeSer";

    public static WebApplicationBuilder AddHomeSerData(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        switch (ProviderOf(configuration))
        {
            case DatabaseProvider.Postgres:
                var postgres = PostgresConnectionString(configuration);
                builder.Services.AddDbContext<HomeSerDbContext, PostgresHomeSerDbContext>((services, options) =>
                    Common(options.UseNpgsql(postgres), services));
                // PostgreSQL has many writers; the overlap check, the version token and the exclusion constraint decide.
                builder.Services.AddSingleton<IWriterQueue>(UnqueuedWriters.Instance);
                break;
            default:
                var sqlite = SqliteConnectionString(configuration, builder.Environment.ContentRootPath);
                var durability = SqliteDurability.FromSetting(configuration["Database:SqliteSynchronous"]);
                builder.Services.AddDbContext<HomeSerDbContext>((services, options) =>
                    Common(options.UseSqlite(sqlite), services).AddInterceptors(durability));
                builder.Services.AddSingleton<IWriterQueue>(new SqliteWriterQueue(configuration.GetValue("Bookings:QueueSqliteWriters", true)));
                break;
        }
        // The key ring lives in the main database, so a cookie or token protected by one node is read by every other.
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<HomeSerDbContext>();
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    // Every context writes its events to the outbox in the transaction of its change (Data/Outbox).
    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options, IServiceProvider services) => options
        .AddInterceptors(services.GetRequiredService<OutboxInterceptor>())
        // A failed save or command is an exception the caller handles (a lost race, a duplicate key) or the error
        // handler logs with its trace id; EF's own error-level copy would only repeat it as a stack trace.
        .ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));

    /// <summary><c>Database:Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration) =>
        (configuration["Database:Provider"] ?? "Sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{other}'."),
        };

    /// <summary>The Npgsql connection string <c>ConnectionStrings:HomeSer</c>, required on PostgreSQL.</summary>
    public static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value && !value.Contains("Data Source", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new InvalidOperationException(
                "Database:Provider=Postgres needs ConnectionStrings:HomeSer as an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Database=homeser;Username=homeser;Password=...");

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

    /// <summary>
    /// Applies migrations, turns on WAL, ensures roles, seeds the demo on an empty database when enabled, and makes sure
    /// the key ring has a key. On PostgreSQL all of it runs under one advisory lock, so N nodes starting at once on an
    /// empty database migrate once, seed once and share one first key.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var startup = ProviderOf(app.Configuration) == DatabaseProvider.Postgres
            ? await PostgresDatabase.StartupLockAsync(PostgresConnectionString(app.Configuration), cancellationToken)
            : null;
        await using var scope = app.Services.CreateAsyncScope();
        await PrepareSchemaAsync(scope.ServiceProvider, cancellationToken);

        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken);
            app.Logger.LogInformation(
                "Demo accounts (password {Password}): {Admin} (admin), {Customer} (customer), {Provider} (provider)",
                DemoSeeder.Password, DemoSeeder.AdminEmail, DemoSeeder.CustomerEmail, DemoSeeder.ProviderEmail);
        }
        // Creates the first key if there is none yet (inside the lock: one node writes it, the others read it).
        scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("HomeSer.KeyRing").Protect([1]);
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
