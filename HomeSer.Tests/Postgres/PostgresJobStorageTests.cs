using System.Text;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Postgres;

/// <summary><c>Jobs:Storage=Postgres</c>: Hangfire's store in the main database, its jobs run by the host's server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobStorageTests(PostgresJobStorageTests.PostgresJobsFactory factory) : IClassFixture<PostgresJobStorageTests.PostgresJobsFactory>
{
    public sealed class PostgresJobsFactory : PostgresFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> PostgresSettings => [new("Jobs:Storage", "Postgres"), new("Jobs:QueuePollSeconds", "0.2")];
    }

    [Fact]
    public async Task A_mail_job_queued_in_the_postgres_store_runs_and_sends_the_mail()
    {
        var existing = await factory.CreateUserAsync(Roles.Customer);
        var client = factory.CreateClient();

        // Registering a taken address mails its owner through a Hangfire job.
        await client.PostAsync("/api/auth/register/", new StringContent(
            JsonSerializer.Serialize(new { email = existing.Email, password = TestData.Password, role = "customer", display_name = "Mallory" }), Encoding.UTF8, "application/json"));

        Assert.Single(await factory.MailsToAsync(existing.Email!));
        Assert.IsType<Hangfire.PostgreSql.PostgreSqlStorage>(factory.Services.GetRequiredService<Hangfire.JobStorage>());
        Assert.True(factory.AnyMailJobTo(existing.Email!), "the mail job is not in the PostgreSQL store");
        Assert.True(await factory.SqlAsync<long>("SELECT count(*) FROM hangfire.job") > 0);
    }
}
