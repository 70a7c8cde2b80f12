using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using HomeSer.Web.Data;
using HomeSer.Web.Data.Postgres;

namespace HomeSer.Web.Jobs;

/// <summary>
/// <c>Jobs:Storage=Postgres</c>: Hangfire's store in the main PostgreSQL database (schema <c>hangfire</c>), shared by every
/// node, so a recurring job runs once per schedule however many nodes run, and a job queued by one node may run on another.
/// </summary>
internal static class PostgresJobStorage
{
    public const string Schema = "hangfire";

    public static JobStorage Create(IConfiguration configuration, TimeSpan queuePollInterval)
    {
        if (DataSetup.ProviderOf(configuration) != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Jobs:Storage=Postgres uses the main database: set Database:Provider=Postgres too.");
        }
        var connectionString = DataSetup.PostgresConnectionString(configuration);
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            QueuePollInterval = queuePollInterval,
            PrepareSchemaIfNecessary = true,
        };
        // The store installs its schema when built; under the start-up lock, N nodes starting at once install it once
        // (and the database is created first when it does not exist yet). Built once per host, at start.
        var startup = PostgresDatabase.StartupLockAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        }
        finally
        {
            startup.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
