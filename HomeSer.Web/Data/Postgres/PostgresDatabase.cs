using Npgsql;

namespace HomeSer.Web.Data.Postgres;

/// <summary>What only PostgreSQL needs: its EF options, the database's creation, and the start-up lock between nodes.</summary>
public static class PostgresDatabase
{
    // Any fixed number: every node of one database takes the same advisory lock around migrate and seed.
    private const long StartupLockKey = 0x486F6D6553657231;

    /// <summary>
    /// Creates the database when it does not exist yet (N nodes may try at once: the losers see "already exists"),
    /// then holds a session-level advisory lock until disposed, so the first node migrates and seeds while the others
    /// wait and then find everything done.
    /// </summary>
    public static async Task<IAsyncDisposable> StartupLockAsync(string connectionString, CancellationToken ct)
    {
        await EnsureDatabaseAsync(connectionString, ct);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", StartupLockKey);
            // Waiting nodes wait as long as the first one migrates and seeds.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }
        return new StartupLock(connection);
    }

    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(ct);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("ConnectionStrings:HomeSer names no Database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ToString());
        await connection.OpenAsync(ct);
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it a moment ago.
        }
    }

    private sealed class StartupLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", StartupLockKey);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
