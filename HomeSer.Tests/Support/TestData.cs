using System.Net.Http.Headers;
using System.Net.Http.Json;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Support;

/// <summary>Small builders for the data a test needs, written through the real Identity and EF stack.</summary>
public static class TestData
{
    public const string Password = "Passw0rd!";

    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static async Task<AppUser> CreateUserAsync(this HomeSerFactory factory, string role, string? email = null, string? displayName = null)
    {
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email ?? UniqueEmail(role.ToLowerInvariant()),
            Email = email ?? UniqueEmail(role.ToLowerInvariant()),
            DisplayName = displayName ?? $"Test {role}",
            CreatedAt = factory.Clock.GetUtcNow().UtcDateTime,
        };
        user.UserName = user.Email;
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return user;
    }

    public sealed record ProviderSetup(AppUser User, ProviderProfile Profile, Service Service);

    /// <summary>A verified provider in Berlin working Monday to Saturday 08:00-18:00 with one 60-minute service.</summary>
    public static async Task<ProviderSetup> CreateProviderAsync(
        this HomeSerFactory factory,
        string timeZoneId = "Europe/Berlin",
        int bufferMinutes = 0,
        int minNoticeMinutes = 60,
        int maxAdvanceDays = 60,
        bool verified = true,
        double latitude = 52.52,
        double longitude = 13.405,
        string city = "Berlin",
        string categorySlug = "plumbing")
    {
        var user = await factory.CreateUserAsync(Roles.Provider);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        var category = db.Categories.FirstOrDefault(c => c.Slug == categorySlug)
            ?? db.Categories.Add(new Category { Slug = categorySlug, Name = categorySlug }).Entity;
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var profile = new ProviderProfile
        {
            UserId = user.Id,
            DisplayName = user.DisplayName,
            City = city,
            Latitude = latitude,
            Longitude = longitude,
            TimeZoneId = timeZoneId,
            IsVerified = verified,
            BufferMinutes = bufferMinutes,
            MinNoticeMinutes = minNoticeMinutes,
            MaxAdvanceDays = maxAdvanceDays,
            CreatedAt = now,
        };
        var service = new Service { Category = category, Name = "Leak repair", PriceCents = 8900, Currency = "EUR", DurationMinutes = 60, MinDurationMinutes = 30, MaxDurationMinutes = 240, CreatedAt = now };
        profile.Services.Add(service);
        db.Providers.Add(profile);
        await db.SaveChangesAsync();
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday })
        {
            db.WeeklyHours.Add(new WeeklyHours { ProviderId = profile.Id, Day = day, Start = new TimeOnly(8, 0), End = new TimeOnly(18, 0) });
        }
        await db.SaveChangesAsync();
        return new ProviderSetup(user, profile, service);
    }

    /// <summary>An HttpClient that sends a bearer token for the given account.</summary>
    public static async Task<HttpClient> ClientForAsync(this HomeSerFactory factory, string email, string password = Password)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login/", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }
}
