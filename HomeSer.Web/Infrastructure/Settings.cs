using System.Globalization;
using System.Text.RegularExpressions;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Features.Notifications.Outbox;
using HomeSer.Web.Features.Operations;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Waitlist;
using HomeSer.Web.Jobs;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Infrastructure;

/// <summary>Configuration section <c>Database</c> as the start checks it (DataSetup reads the same keys).</summary>
public sealed class DatabaseSettings
{
    public string Provider { get; set; } = "Sqlite";
    public string SqliteSynchronous { get; set; } = "Normal";
}

/// <summary>Configuration section <c>RateLimits</c>: permits per window (ApiSetup).</summary>
public sealed class RateLimitSettings
{
    public int LoginPerMinute { get; set; } = 20;
    public int RegistrationsPerHour { get; set; } = 10;
    public int BookingsPerMinute { get; set; } = 10;
    public int BookingsGlobalPerSecond { get; set; } = 200;
    public int CalendarFeedPerMinute { get; set; } = 60;
}

/// <summary>Configuration section <c>App</c>.</summary>
public sealed class AppSettings
{
    /// <summary>The public origin of every absolute link (PublicOrigin); unset: the first address Kestrel listens on.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Configuration section <c>Redis</c>.</summary>
public sealed class RedisSettings
{
    /// <summary>A StackExchange.Redis configuration string (<c>host:port[,host:port][,option=value]</c>); unset: no Redis.</summary>
    public string? Configuration { get; set; }
}

/// <summary>Configuration section <c>ForwardedHeaders</c> (see ForwardedHeadersSetup).</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>IP addresses of the reverse proxies whose X-Forwarded-For is believed, separated by ; or ,.</summary>
    public string? KnownProxies { get; set; }
}

/// <summary>Configuration section <c>Admin</c>: the first admin without the demo data (FirstAdmin).</summary>
public sealed class AdminBootstrapSettings
{
    public string? BootstrapEmail { get; set; }
    public string? BootstrapPassword { get; set; }
}

/// <summary>Configuration section <c>Marketplace</c>.</summary>
public sealed class MarketplaceSettings
{
    public string DefaultTimeZone { get; set; } = "Europe/Berlin";
}

/// <summary>
/// Every setting the app reads, checked before anything starts: a bad value stops the start with one line naming its
/// key (exit code 1, no stack trace), instead of a 500 at the first request that reads it or a stack trace mid-start.
/// Each section is bound to its options class with a validator and <c>ValidateOnStart</c>, so the host checks them again
/// when it starts; <see cref="FirstProblem"/> runs the same checks earlier, before the database is touched.
/// </summary>
public static partial class Settings
{
    public static WebApplicationBuilder AddValidatedSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddValidatedSettings(this IServiceCollection services, IConfiguration configuration)
    {
        Section<DatabaseSettings>(services, configuration, "Database", (s, say) =>
        {
            if (!string.Equals(s.Provider?.Trim(), "PostgreSQL", StringComparison.OrdinalIgnoreCase))
            {
                say.OneOf("Provider", s.Provider, "Sqlite", "Postgres");
            }
            say.OneOf("SqliteSynchronous", s.SqliteSynchronous, "Normal", "Full");
        });
        Section<RateLimitSettings>(services, configuration, "RateLimits", (s, say) =>
        {
            say.AtLeast("LoginPerMinute", s.LoginPerMinute, 1);
            say.AtLeast("RegistrationsPerHour", s.RegistrationsPerHour, 1);
            say.AtLeast("BookingsPerMinute", s.BookingsPerMinute, 1);
            say.AtLeast("BookingsGlobalPerSecond", s.BookingsGlobalPerSecond, 1);
            say.AtLeast("CalendarFeedPerMinute", s.CalendarFeedPerMinute, 1);
        });
        Section<AppSettings>(services, configuration, "App", (s, say) =>
        {
            if (!string.IsNullOrWhiteSpace(s.PublicBaseUrl)
                && !(Uri.TryCreate(s.PublicBaseUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0))
            {
                say.Bad("PublicBaseUrl", s.PublicBaseUrl, "an absolute http or https URL without a query, e.g. https://homeser.example/");
            }
        });
        Section<RedisSettings>(services, configuration, "Redis", (s, say) =>
        {
            if (s.Configuration is { } redis && !RedisEndpoints(redis))
            {
                say.Bad("Configuration", redis, "host:port (or several, comma-separated, with option=value pairs), e.g. 127.0.0.1:6379");
            }
        });
        Section<ForwardedHeadersSettings>(services, configuration, "ForwardedHeaders", (s, say) =>
        {
            foreach (var proxy in (s.KnownProxies ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!System.Net.IPAddress.TryParse(proxy, out _))
                {
                    say.Bad("KnownProxies", proxy, "IP addresses of the proxies, separated by ; e.g. 127.0.0.1;10.0.0.5");
                }
            }
        });
        Section<AdminBootstrapSettings>(services, configuration, "Admin", (s, say) =>
        {
            var email = string.IsNullOrWhiteSpace(s.BootstrapEmail) ? null : s.BootstrapEmail.Trim();
            var password = string.IsNullOrEmpty(s.BootstrapPassword) ? null : s.BootstrapPassword;
            if ((email is null) != (password is null))
            {
                say.Line($"{(email is null ? FirstAdmin.EmailKey : FirstAdmin.PasswordKey)} is missing: set both {FirstAdmin.EmailKey} and {FirstAdmin.PasswordKey} to create the first admin.");
            }
            else if (email is not null && !EmailShape().IsMatch(email))
            {
                say.Bad("BootstrapEmail", email, "an e-mail address");
            }
        });
        Section<MarketplaceSettings>(services, configuration, "Marketplace", (s, say) =>
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(s.DefaultTimeZone, out _))
            {
                say.Bad("DefaultTimeZone", s.DefaultTimeZone, "an IANA time zone, e.g. Europe/Berlin");
            }
        });
        Section<JobOptions>(services, configuration, "Jobs", (s, say) =>
        {
            say.OneOf("Storage", s.Storage, "Sqlite", "InMemory", "Postgres");
            if (s.Storage.Trim().Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                && !(configuration["Database:Provider"] ?? "").Trim().StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
            {
                say.Line("Jobs:Storage=Postgres keeps the jobs in the main PostgreSQL database: it needs Database:Provider=Postgres.");
            }
            say.Between("QueuePollSeconds", s.QueuePollSeconds, 0.05, 3600);
            say.Between("WorkerCount", s.WorkerCount, 1, 64);
            say.Cron("ReminderCron", s.ReminderCron);
            say.Cron("PendingExpiryCron", s.PendingExpiryCron);
            say.Cron("CacheWarmingCron", s.CacheWarmingCron);
            say.Cron("NotificationMailCron", s.NotificationMailCron);
            say.Cron("OutboxCleanupCron", s.OutboxCleanupCron);
            say.Cron("WaitlistCron", s.WaitlistCron);
            say.AtLeast("CacheWarmingProviders", s.CacheWarmingProviders, 0);
            say.Between("CacheWarmingDays", s.CacheWarmingDays, 1, 31);
            say.Between("CacheWarmingDuty", s.CacheWarmingDuty, 0.05, 1);
            say.Between("CacheWarmingBudgetSeconds", s.CacheWarmingBudgetSeconds, 1, 3600);
        });
        Section<OutboxOptions>(services, configuration, "Outbox", (s, say) =>
        {
            say.Between("PollSeconds", s.PollSeconds, 0.01, 3600);
            say.Between("WaitForDeliveryMilliseconds", s.WaitForDeliveryMilliseconds, 0, 600_000);
            say.Between("BatchSize", s.BatchSize, 1, 100_000);
            say.Between("Lanes", s.Lanes, 1, 64);
        });
        Section<WaitlistOptions>(services, configuration, "Waitlist", (s, say) =>
        {
            say.Between("HoldMinutes", s.HoldMinutes, 1, 24 * 60);
            say.AtLeast("MaxActivePerCustomer", s.MaxActivePerCustomer, 1);
        });
        Section<BookingOptions>(services, configuration, "Bookings", (s, say) =>
        {
            say.AtLeast("PendingExpiryHours", s.PendingExpiryHours, 1);
            say.AtLeast("MaxPendingPerCustomer", s.MaxPendingPerCustomer, 1);
        });
        Section<PaymentOptions>(services, configuration, "Payments", (s, say) =>
        {
            say.AtLeast("LateCancellationHours", s.LateCancellationHours, 0);
            say.Between("LateCancellationFeePercent", s.LateCancellationFeePercent, 0, 100);
        });
        Section<LoginThrottleOptions>(services, configuration, "Login", (s, say) =>
        {
            say.AtLeast("FreeFailures", s.FreeFailures, 0);
            say.AtLeast("FirstDelaySeconds", s.FirstDelaySeconds, 1);
            say.AtLeast("MaxDelaySeconds", s.MaxDelaySeconds, s.FirstDelaySeconds);
        });
        Section<EmailOptions>(services, configuration, "Email", (s, say) =>
        {
            say.Between("Smtp:Port", s.Smtp.Port, 1, 65535);
            if (string.IsNullOrWhiteSpace(s.From))
            {
                say.Bad("From", s.From, "a sender address, e.g. HomeSer <no-reply@homeser.example>");
            }
        });
        Section<HealthSettings>(services, configuration, "Health", (s, say) => say.Between("OutboxLagSeconds", s.OutboxLagSeconds, 1, 86_400));
        Section<TelemetrySettings>(services, configuration, "Telemetry", (s, say) =>
        {
            if (!s.MetricsPath.StartsWith('/') || s.MetricsPath.Length < 2)
            {
                say.Bad("MetricsPath", s.MetricsPath, "a path such as /metrics");
            }
            if (s.MetricsToken is { Length: > 0 and < 16 })
            {
                say.Line("Telemetry:MetricsToken must be at least 16 characters (it is the scraper's password).");
            }
        });
        return services;
    }

    /// <summary>The first bad setting as one line for the operator, or null when every setting is valid.</summary>
    public static string? FirstProblem(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddValidatedSettings(configuration);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or AggregateException)
        {
            return "HomeSer cannot start: " + Describe(e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        AggregateException many => Describe(many.Flatten().InnerExceptions[0]),
        OptionsValidationException invalid => invalid.Failures.First(),
        // The binder's own words name the key; said as what the value must be.
        InvalidOperationException { Message: var message } when BinderFailure().Match(message) is { Success: true } m =>
            $"{m.Groups["key"].Value} must be {TypeWord(m.Groups["type"].Value)}, not '{m.Groups["value"].Value}'.",
        _ => e.Message,
    };

    private static string TypeWord(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        _ => $"a {type}",
    };

    private static void Section<T>(IServiceCollection services, IConfiguration configuration, string section, Action<T, Rules> rules)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, rules));
    }

    private static bool RedisEndpoints(string configuration)
    {
        var endpoints = configuration.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.Contains('=', StringComparison.Ordinal)).ToList();
        return endpoints.Count > 0 && endpoints.All(endpoint =>
        {
            var colon = endpoint.LastIndexOf(':');
            return colon < 0 ? endpoint.Length > 0
                : colon > 0 && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536;
        });
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();

    private sealed class SectionValidator<T>(string section, Action<T, Rules> rules) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var say = new Rules(section);
            rules(options, say);
            return say.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(say.Problems);
        }
    }

    /// <summary>Collects one line per bad value, each naming its full key (<c>Section:Key</c>).</summary>
    private sealed class Rules(string section)
    {
        public List<string> Problems { get; } = [];

        public void Line(string problem) => Problems.Add(problem);

        public void Bad(string key, object? value, string expected) =>
            Problems.Add($"{section}:{key} must be {expected}, not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'.");

        public void OneOf(string key, string? value, params string[] allowed)
        {
            if (!allowed.Contains(value?.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                Bad(key, value, string.Join(" or ", allowed));
            }
        }

        public void AtLeast(string key, double value, double min)
        {
            if (value < min)
            {
                Bad(key, value, $"at least {min.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        public void Between(string key, double value, double min, double max)
        {
            if (value < min || value > max || double.IsNaN(value))
            {
                Bad(key, value, $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        public void Cron(string key, string value)
        {
            // Five fields (minute hour day month weekday), as Hangfire reads them; Hangfire itself parses the rest at start.
            if (string.IsNullOrWhiteSpace(value) || value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
            {
                Bad(key, value, "a cron expression of five fields, e.g. */5 * * * *");
            }
        }
    }
}
