using System.Diagnostics;
using HomeSer.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HomeSer.Web.Features.Operations;

/// <summary>
/// <c>dotnet HomeSer.Web.dll backup FILE [settings]</c> (or <c>dotnet run --project HomeSer.Web -- backup FILE</c>): a
/// consistent copy of the main database, safe while the app runs and writes. On SQLite <c>VACUUM INTO</c> writes the
/// snapshot of one read transaction (WAL lets the app go on committing meanwhile); on PostgreSQL <c>pg_dump</c> does the
/// same in one repeatable-read transaction. The settings are the app's (appsettings, environment, <c>--Key=value</c>).
/// </summary>
public static class BackupCommand
{
    public const string Usage = """
        usage: dotnet HomeSer.Web.dll backup FILE [--ConnectionStrings:HomeSer=...] [--Database:Provider=Postgres]

          SQLite:     FILE is a new SQLite database (VACUUM INTO); restore: stop the app, replace the database file
                      with it (and delete the old file's -wal and -shm), start the app.
          PostgreSQL: FILE is a pg_dump archive (custom format; pg_dump on PATH); restore into an empty database:
                      pg_restore --no-owner --dbname=homeser FILE, then start the app on it.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var file, ..] || file.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[1..] });
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"backup: {target} already exists; choose a new file name (a backup never overwrites).");
            return 1;
        }
        try
        {
            if (DataSetup.ProviderOf(builder.Configuration) == DatabaseProvider.Postgres)
            {
                return await PgDumpAsync(DataSetup.PostgresConnectionString(builder.Configuration), target);
            }
            var source = DataSetup.SqliteConnectionString(builder.Configuration, builder.Environment.ContentRootPath);
            await VacuumIntoAsync(source, target, CancellationToken.None);
            Console.WriteLine($"backup: {new SqliteConnectionStringBuilder(source).DataSource} -> {target} ({new FileInfo(target).Length / 1024} KiB)");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or SqliteException or NpgsqlException or IOException)
        {
            await Console.Error.WriteLineAsync($"backup: {e.Message}");
            return 1;
        }
    }

    /// <summary>A consistent copy of a live SQLite database: one read transaction, so the app's writers are never blocked.</summary>
    public static async Task VacuumIntoAsync(string sourceConnectionString, string target, CancellationToken ct)
    {
        var source = new SqliteConnectionStringBuilder(sourceConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        if (!File.Exists(source.DataSource))
        {
            throw new InvalidOperationException($"there is no database at {source.DataSource}.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var connection = new SqliteConnection(source.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target;";
        command.Parameters.AddWithValue("$target", target);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> PgDumpAsync(string connectionString, string target)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo("pg_dump") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "--format=custom", "--no-owner", $"--file={target}", $"--host={csb.Host}", $"--port={csb.Port}", $"--dbname={csb.Database}" })
        {
            info.ArgumentList.Add(argument);
        }
        if (csb.Username is { Length: > 0 } user)
        {
            info.ArgumentList.Add($"--username={user}");
        }
        info.ArgumentList.Add("--no-password");
        if (csb.Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password; // never on the command line, where ps shows it
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("pg_dump did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync("backup: pg_dump was not found; install PostgreSQL's client tools (Debian: postgresql-client).");
            return 1;
        }
        using (process)
        {
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"backup: pg_dump failed ({process.ExitCode}): {errors.Trim()}");
                return 1;
            }
        }
        Console.WriteLine($"backup: {csb.Database} on {csb.Host}:{csb.Port} -> {target} ({new FileInfo(target).Length / 1024} KiB)");
        return 0;
    }
}
