using HomeSer.Web.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HomeSer.Tests.Operations;

/// <summary>The start's check of every setting: one line naming the key and saying what it must be.</summary>
public sealed class SettingsTests
{
    private static string? ProblemWith(params (string Key, string Value)[] settings) =>
        Settings.FirstProblem(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void The_defaults_are_valid() => Assert.Null(ProblemWith());

    [Fact]
    public void The_settings_of_a_PostgreSQL_node_are_valid() =>
        Assert.Null(ProblemWith(("Database:Provider", "Postgres"), ("Jobs:Storage", "Postgres"), ("Redis:Configuration", "127.0.0.1:6379,password=secret"),
            ("App:PublicBaseUrl", "https://homeser.example/"), ("Admin:BootstrapEmail", "owner@example.test"), ("Admin:BootstrapPassword", "Str0ng-enough!")));

    [Theory]
    [InlineData("RateLimits:LoginPerMinute", "abc", "RateLimits:LoginPerMinute must be a whole number, not 'abc'.")]
    [InlineData("RateLimits:BookingsPerMinute", "0", "RateLimits:BookingsPerMinute must be at least 1, not '0'.")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider must be Sqlite or Postgres, not 'Oracle'.")]
    [InlineData("ForwardedHeaders:KnownProxies", "127.0.0.1;nginx", "ForwardedHeaders:KnownProxies must be IP addresses of the proxies, separated by ; e.g. 127.0.0.1;10.0.0.5, not 'nginx'.")]
    [InlineData("Database:SqliteSynchronous", "Sometimes", "Database:SqliteSynchronous must be Normal or Full, not 'Sometimes'.")]
    [InlineData("Jobs:Storage", "Redis", "Jobs:Storage must be Sqlite or InMemory or Postgres, not 'Redis'.")]
    [InlineData("Jobs:WorkerCount", "0", "Jobs:WorkerCount must be between 1 and 64, not '0'.")]
    [InlineData("Jobs:ReminderCron", "every five minutes", "Jobs:ReminderCron must be a cron expression")]
    [InlineData("Jobs:RunServer", "maybe", "Jobs:RunServer must be true or false, not 'maybe'.")]
    [InlineData("Outbox:Lanes", "0", "Outbox:Lanes must be between 1 and 64, not '0'.")]
    [InlineData("Outbox:PollSeconds", "soon", "Outbox:PollSeconds must be a number, not 'soon'.")]
    [InlineData("Waitlist:HoldMinutes", "0", "Waitlist:HoldMinutes must be between 1 and 1440, not '0'.")]
    [InlineData("App:PublicBaseUrl", "homeser.example", "App:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Redis:Configuration", "127.0.0.1:notaport", "Redis:Configuration must be host:port")]
    [InlineData("Marketplace:DefaultTimeZone", "Mars/Olympus", "Marketplace:DefaultTimeZone must be an IANA time zone")]
    [InlineData("Payments:LateCancellationFeePercent", "150", "Payments:LateCancellationFeePercent must be between 0 and 100, not '150'.")]
    [InlineData("Admin:BootstrapEmail", "owner@example.test", "Admin:BootstrapPassword is missing")]
    [InlineData("Health:OutboxLagSeconds", "0", "Health:OutboxLagSeconds must be between 1 and 86400, not '0'.")]
    [InlineData("Telemetry:MetricsToken", "short", "Telemetry:MetricsToken must be at least 16 characters")]
    public void A_bad_value_is_one_line_naming_its_key(string key, string value, string expected)
    {
        var problem = ProblemWith((key, value));

        Assert.NotNull(problem);
        Assert.StartsWith("HomeSer cannot start: " + expected, problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Jobs_on_PostgreSQL_need_the_main_database_on_PostgreSQL() =>
        Assert.Contains("needs Database:Provider=Postgres", ProblemWith(("Jobs:Storage", "Postgres")));
}
