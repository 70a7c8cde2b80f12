using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HomeSer.Web.Data;

/// <summary><c>dotnet run --project HomeSer.Web -- seed --providers N --bookings N --seed N</c>: a large deterministic data set for benchmarks.</summary>
public static class SeedCommand
{
    public const string Usage = """
        usage: dotnet run --project HomeSer.Web -c Release -- seed [options]

          --providers N    providers to create (default 10000)
          --services N     services, spread evenly over providers (default 5 x providers)
          --bookings N     bookings, ~40% in the past 60 days, ~60% in the next 60 (default 200000)
          --customers N    customer accounts (default 20000)
          --seed N         random seed; the same seed and day give the same data (default 42)
          --database PATH  SQLite file to fill (default: the app's ConnectionStrings:HomeSer)
          --reset          delete the database file (and -wal/-shm) first
          --help           show this text

        Users sign in as provider{n}@bench.test / customer{n}@bench.test with password Passw0rd!.
        "Now" is today 00:00 UTC: history lies before it, upcoming bookings after it.
        """;

    public sealed record Arguments(int Providers, int Services, int Bookings, int Customers, int Seed, string? Database, bool Reset, bool Help);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var arguments, out var error))
        {
            await Console.Error.WriteLineAsync($"seed: {error}");
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        if (arguments.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var connectionString = ConnectionString(arguments.Database);
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Console.WriteLine($"seed: database {path}");
        if (arguments.Reset)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
            Console.WriteLine("seed: deleted the old database");
        }

        try
        {
            await LargeSeeder.PrepareAsync(connectionString, CancellationToken.None);
            var existing = LargeSeeder.CountProviders(connectionString);
            if (existing > 0)
            {
                await Console.Error.WriteLineAsync($"seed: {path} already has {existing} providers; pass --reset to replace the database.");
                return 1;
            }
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            Console.WriteLine($"seed: migrated; generating with seed {arguments.Seed}, now = {today:yyyy-MM-dd} 00:00 UTC");
            var result = LargeSeeder.Seed(connectionString,
                new LargeSeedOptions(arguments.Providers, arguments.Services, arguments.Bookings, arguments.Customers, arguments.Seed, today),
                line => Console.WriteLine($"seed: {line}"));
            Console.WriteLine(
                $"seed: done in {result.Elapsed.TotalSeconds:F1}s: {result.Users} users, {result.Providers} providers, {result.Services} services, " +
                $"{result.WeeklyHours} weekly hours, {result.WeeklyBreaks} breaks, {result.Bookings} bookings ({result.SkippedBookings} skipped), " +
                $"{result.Payments} payments, {result.Reviews} reviews");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    public static bool TryParse(string[] args, out Arguments arguments, out string error)
    {
        int? providers = null, services = null;
        int bookings = 200_000, customers = 20_000, seed = 42;
        string? database = null;
        bool reset = false, help = false;
        arguments = default!;
        error = "";

        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? inline = null;
            if (name.StartsWith("--", StringComparison.Ordinal) && name.IndexOf('=') is > 2 and var eq)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            switch (name)
            {
                case "--reset" when inline is null:
                    reset = true;
                    continue;
                case "--help" or "-h" when inline is null:
                    help = true;
                    continue;
                case "--database":
                    if (!TakeValue(args, ref i, inline, name, out var value, ref error))
                    {
                        return false;
                    }
                    database = value;
                    continue;
                case "--providers" or "--services" or "--bookings" or "--customers" or "--seed":
                    if (!TakeValue(args, ref i, inline, name, out var text, ref error))
                    {
                        return false;
                    }
                    var min = name switch { "--providers" or "--customers" => 1, "--seed" => int.MinValue, _ => 0 };
                    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min)
                    {
                        error = min == int.MinValue ? $"{name} needs an integer, not '{text}'" : $"{name} needs an integer >= {min}, not '{text}'";
                        return false;
                    }
                    switch (name)
                    {
                        case "--providers": providers = number; break;
                        case "--services": services = number; break;
                        case "--bookings": bookings = number; break;
                        case "--customers": customers = number; break;
                        default: seed = number; break;
                    }
                    continue;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }
        var providerCount = providers ?? 10_000;
        arguments = new Arguments(providerCount, services ?? 5 * providerCount, bookings, customers, seed, database, reset, help);
        return true;
    }

    private static bool TakeValue(string[] args, ref int i, string? inline, string name, out string value, ref string error)
    {
        if (inline is not null)
        {
            value = inline;
        }
        else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = args[++i];
        }
        else
        {
            value = "";
            error = $"{name} needs a value";
            return false;
        }
        if (value.Length == 0)
        {
            error = $"{name} needs a value";
            return false;
        }
        return true;
    }

    /// <summary>The app's configured database (same files and precedence as the web host), unless a path is given.</summary>
    private static string ConnectionString(string? database)
    {
        var contentRoot = ContentRoot();
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(database is null ? [] : [new($"ConnectionStrings:{DataSetup.ConnectionName}", $"Data Source={Path.GetFullPath(database)}")])
            .Build();
        return DataSetup.SqliteConnectionString(configuration, contentRoot);
    }

    /// <summary>The HomeSer.Web project folder when run from source (where the app keeps App_Data), else the current folder.</summary>
    private static string ContentRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HomeSer.Web.csproj")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
