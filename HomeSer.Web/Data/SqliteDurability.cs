using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HomeSer.Web.Data;

/// <summary>
/// Sets how hard SQLite syncs each commit to disk, on every connection (the setting is per connection, not stored in the
/// file). In WAL mode, <c>NORMAL</c> syncs at checkpoints instead of at every commit: a committed transaction survives the
/// process being killed (the WAL is in the OS's file cache), and only a power cut or OS crash can lose the last commits,
/// never the file's consistency. <c>FULL</c> (SQLite's default) also survives those, at one disk flush per commit, inside
/// the single writer's turn. Setting <c>Database:SqliteSynchronous</c> = <c>Normal</c> (default) | <c>Full</c>.
/// </summary>
public sealed class SqliteDurability(string synchronous) : DbConnectionInterceptor
{
    public static SqliteDurability FromSetting(string? value) => (value ?? "Normal").Trim().ToUpperInvariant() switch
    {
        "NORMAL" => new SqliteDurability("NORMAL"),
        "FULL" => new SqliteDurability("FULL"),
        _ => throw new InvalidOperationException($"Database:SqliteSynchronous must be Normal or Full, not '{value}'."),
    };

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Microsoft.Data.Sqlite runs statements synchronously anyway; one PRAGMA per open costs microseconds.
    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={synchronous};";
        command.ExecuteNonQuery();
    }
}
