using Npgsql;

namespace HomeSer.Tests.Support;

/// <summary>
/// The real app on a PostgreSQL database of its own (<c>Database:Provider=Postgres</c>), created by the app's own start
/// (as on an empty server) and dropped on dispose. The server comes from <c>HOMESER_TEST_POSTGRES</c>, which
/// <c>.ci/test</c> sets to its private instance (<c>.ci/postgres.sh</c>); without it these tests fail and say so.
/// </summary>
public class PostgresFactory : HomeSerFactory
{
    public const string ServerVariable = "HOMESER_TEST_POSTGRES";
    private readonly bool _ownsDatabase;

    public PostgresFactory()
        : this($"homeser_t_{Guid.NewGuid():N}", ownsDatabase: true)
    {
    }

    /// <summary>A host on database <paramref name="database"/>; another host of the same database drops it when it owns it.</summary>
    protected PostgresFactory(string database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        ConnectionString = new NpgsqlConnectionStringBuilder(TestServer) { Database = database }.ToString();
    }

    public string Database { get; }

    public string ConnectionString { get; }

    /// <summary>The test server's connection string (its maintenance database).</summary>
    public static string TestServer => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"No PostgreSQL for the PostgreSQL tests: {ServerVariable} is not set. Run `bash .ci/test`, which starts a private "
            + $"one (.ci/postgres.sh), or set {ServerVariable} to an Npgsql connection string of a server where this user may create databases.");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Database:Provider", "Postgres"), new("ConnectionStrings:HomeSer", ConnectionString), .. PostgresSettings];

    /// <summary>Extra configuration of a PostgreSQL test class.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> PostgresSettings => [];

    /// <summary>Runs one SQL statement on this host's database, outside the app.</summary>
    public async Task<T?> SqlAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServer) { Pooling = false }.ToString());
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }
}

/// <summary>Another host on the database of <paramref name="first"/>, as a second node would be.</summary>
public sealed class PostgresNodeFactory(PostgresFactory first) : PostgresFactory(first.Database, ownsDatabase: false);

/// <summary>Every PostgreSQL test class runs in this collection: one at a time, beside the SQLite classes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
