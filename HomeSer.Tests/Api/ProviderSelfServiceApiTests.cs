using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Api;

/// <summary>The app with a handler that records every availability event it publishes.</summary>
public sealed class RecordingEventsFactory : HomeSerFactory
{
    public ConcurrentQueue<AvailabilityChanged> Published { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IDomainEventHandler<AvailabilityChanged>>(new Recorder(Published)));
    }

    private sealed class Recorder(ConcurrentQueue<AvailabilityChanged> published) : IDomainEventHandler<AvailabilityChanged>
    {
        public Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken)
        {
            published.Enqueue(domainEvent);
            return Task.CompletedTask;
        }
    }
}

public sealed class ProviderSelfServiceApiTests(RecordingEventsFactory factory) : IClassFixture<RecordingEventsFactory>
{
    private const string Schedule = "/api/providers/me/schedule/";
    private const string TimeOff = "/api/providers/me/time-off/";
    private const string Services = "/api/providers/me/services/";

    private static object MondayOnly(string timezone = "Europe/Berlin") => new
    {
        timezone,
        weekly_hours = new[] { new { day = "monday", start = "08:00", end = "18:00", breaks = new[] { new { start = "12:00", end = "13:00" } } } },
        buffer_minutes = 30,
        min_notice_minutes = 120,
        max_advance_days = 30,
        service_area = new { city = "Potsdam", latitude = 52.39, longitude = 13.06, radius_km = 15 },
    };

    private async Task<(TestData.ProviderSetup Provider, HttpClient Client)> ProviderAsync()
    {
        var provider = await factory.CreateProviderAsync();
        return (provider, await factory.ClientForAsync(provider.User.Email!));
    }

    private Task<long> ScheduleVersionAsync(int providerId) =>
        factory.WithDbAsync(db => db.Providers.Where(p => p.Id == providerId).Select(p => p.ScheduleVersion).SingleAsync());

    [Fact]
    public async Task Get_schedule_shows_weekly_hours_rules_and_area()
    {
        var (_, client) = await ProviderAsync();
        var schedule = await (await client.GetAsync(Schedule)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Europe/Berlin", schedule.GetProperty("timezone").GetString());
        var monday = schedule.GetProperty("weekly_hours")[0];
        Assert.Equal("monday", monday.GetProperty("day").GetString());
        Assert.Equal("08:00", monday.GetProperty("start").GetString());
        Assert.Equal("18:00", monday.GetProperty("end").GetString());
        Assert.Equal(6, schedule.GetProperty("weekly_hours").GetArrayLength());
        Assert.Equal("Berlin", schedule.GetProperty("service_area").GetProperty("city").GetString());
    }

    [Fact]
    public async Task Put_schedule_replaces_it_bumps_the_version_publishes_and_changes_availability()
    {
        var (provider, client) = await ProviderAsync();
        var versionBefore = await ScheduleVersionAsync(provider.Profile.Id);

        var saved = await (await client.PutAsJsonAsync(Schedule, MondayOnly())).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, saved.GetProperty("weekly_hours").GetArrayLength());
        Assert.Equal("12:00", saved.GetProperty("weekly_hours")[0].GetProperty("breaks")[0].GetProperty("start").GetString());
        Assert.Equal(30, saved.GetProperty("buffer_minutes").GetInt32());
        Assert.Equal("Potsdam", saved.GetProperty("service_area").GetProperty("city").GetString());
        Assert.True(await ScheduleVersionAsync(provider.Profile.Id) > versionBefore);
        Assert.Contains(factory.Published, e => e.ProviderId == provider.Profile.Id && e.Dates.Contains(new DateOnly(2030, 1, 8)));

        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(Roles.Customer)).Email!);
        var tuesday = await (await customer.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&date=2030-01-08")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(tuesday.GetProperty("slots").EnumerateArray());
        var monday = await (await customer.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&date=2030-01-14")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(monday.GetProperty("slots").EnumerateArray(), s => s.GetProperty("start_time").GetString() == "2030-01-14T11:00:00Z");
        Assert.NotEmpty(monday.GetProperty("slots").EnumerateArray());
    }

    public static TheoryData<string, string> BadSchedules => new()
    {
        { """{"timezone": "Mars/Olympus", "weekly_hours": []}""", "timezone" },
        { """{"weekly_hours": []}""", "timezone" },
        { """{"timezone": "Europe/Berlin"}""", "weekly_hours" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "funday", "start": "08:00", "end": "18:00"}]}""", "weekly_hours[0].day" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "monday", "start": "8am", "end": "18:00"}]}""", "weekly_hours[0].start" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "monday", "start": "18:00", "end": "08:00"}]}""", "weekly_hours[0].end" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "monday", "start": "08:00", "end": "12:00", "breaks": [{"start": "11:30", "end": "12:30"}]}]}""", "weekly_hours[0].breaks[0]" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "monday", "start": "08:00", "end": "18:00", "breaks": [{"start": "12:00", "end": "13:00"}, {"start": "12:30", "end": "13:30"}]}]}""", "weekly_hours[0].breaks[1]" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [{"day": "monday", "start": "08:00", "end": "12:00"}, {"day": "monday", "start": "11:00", "end": "15:00"}]}""", "weekly_hours[1]" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [], "buffer_minutes": 241}""", "buffer_minutes" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [], "min_notice_minutes": -1}""", "min_notice_minutes" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [], "max_advance_days": 0}""", "max_advance_days" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [], "max_advance_days": "many"}""", "max_advance_days" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [], "service_area": {"latitude": 123}}""", "service_area.latitude" },
        { """{"timezone": "Europe/Berlin", "weekly_hours": [null]}""", "weekly_hours[0]" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task Invalid_schedules_name_the_field_and_change_nothing(string json, string field)
    {
        var (provider, client) = await ProviderAsync();
        var version = await ScheduleVersionAsync(provider.Profile.Id);
        await (await client.SendRawAsync(HttpMethod.Put, Schedule, json)).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(version, await ScheduleVersionAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task Time_off_is_created_listed_blocks_availability_and_deleted()
    {
        var (provider, client) = await ProviderAsync();
        var created = await (await client.PostAsJsonAsync(TimeOff,
            new { start_time = "2030-01-09T00:00:00+01:00", end_time = "2030-01-10T00:00:00+01:00", reason = "Dentist" })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(new DateTime(2030, 1, 8, 23, 0, 0, DateTimeKind.Utc), created.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Contains(factory.Published, e => e.ProviderId == provider.Profile.Id && e.Dates.SequenceEqual([new DateOnly(2030, 1, 9)]));

        var list = await (await client.GetAsync(TimeOff)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(list.GetProperty("results").EnumerateArray()).GetProperty("id").GetInt32());

        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(Roles.Customer)).Email!);
        var day = await (await customer.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&date=2030-01-09")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(day.GetProperty("slots").EnumerateArray());

        var (_, otherClient) = await ProviderAsync();
        await (await otherClient.DeleteAsync($"{TimeOff}{id}/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{TimeOff}{id}/")).StatusCode);
        var after = await (await client.GetAsync(TimeOff)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, after.GetProperty("count").GetInt32());
    }

    public static TheoryData<string, string> BadTimeOff => new()
    {
        { """{"end_time": "2030-01-10T00:00:00Z"}""", "start_time" },
        { """{"start_time": "2030-01-10T00:00:00Z", "end_time": "2030-01-09T00:00:00Z"}""", "end_time" },
        { """{"start_time": "2030-01-10T00:00:00Z", "end_time": "2031-02-10T00:00:00Z"}""", "end_time" },
        { """{"start_time": "2030-01-10T00:00:00", "end_time": "2030-01-11T00:00:00Z"}""", "start_time" },
        { """{"start_time": "2029-01-10T00:00:00Z", "end_time": "2029-01-11T00:00:00Z"}""", "end_time" },
        { """{"start_time": "next week", "end_time": "2030-01-11T00:00:00Z"}""", "start_time" },
        { """{"start_time": "2030-01-10T00:00:00Z", "end_time": "2030-01-11T00:00:00Z", "reason": "{huge}"}""", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadTimeOff))]
    public async Task Invalid_time_off_names_the_field_and_writes_nothing(string json, string field)
    {
        var (provider, client) = await ProviderAsync();
        await (await client.SendRawAsync(HttpMethod.Post, TimeOff, json.Replace("{huge}", new string('x', 5000))))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(0, await factory.WithDbAsync(db => db.TimeOff.CountAsync(t => t.ProviderId == provider.Profile.Id)));
    }

    [Fact]
    public async Task Services_are_created_listed_and_patched()
    {
        var (provider, client) = await ProviderAsync();
        var created = await (await client.PostAsJsonAsync(Services, new
        {
            category = "plumbing", name = "Boiler service", description = "Yearly check", price_cents = 12000, currency = "eur", duration_minutes = 90,
            min_duration_minutes = 60, max_duration_minutes = 180,
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("EUR", created.GetProperty("currency").GetString());
        Assert.Equal("plumbing", created.GetProperty("category").GetProperty("slug").GetString());

        var list = await (await client.GetAsync(Services)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, list.GetProperty("count").GetInt32());

        var patched = await (await client.PatchAsJsonAsync($"{Services}{id}/", new { price_cents = 13000, is_active = false })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(13000, patched.GetProperty("price_cents").GetInt64());
        Assert.False(patched.GetProperty("is_active").GetBoolean());
        Assert.Equal("Boiler service", patched.GetProperty("name").GetString());

        var (_, otherClient) = await ProviderAsync();
        await (await otherClient.PatchAsJsonAsync($"{Services}{id}/", new { price_cents = 1 })).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchAsJsonAsync($"{Services}{provider.Service.Id}/", new { duration_minutes = 1000 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "duration_minutes");
    }

    public static TheoryData<string, string> BadServices => new()
    {
        { """{"name": "X", "price_cents": 100, "duration_minutes": 60}""", "category" },
        { """{"category": "no-such", "name": "X", "price_cents": 100, "duration_minutes": 60}""", "category" },
        { """{"category": "plumbing", "price_cents": 100, "duration_minutes": 60}""", "name" },
        { """{"category": "plumbing", "name": "X", "price_cents": -1, "duration_minutes": 60}""", "price_cents" },
        { """{"category": "plumbing", "name": "X", "price_cents": 100, "currency": "EURO", "duration_minutes": 60}""", "currency" },
        { """{"category": "plumbing", "name": "X", "price_cents": 100, "duration_minutes": 50}""", "duration_minutes" },
        { """{"category": "plumbing", "name": "X", "price_cents": 100, "duration_minutes": 735}""", "duration_minutes" },
        { """{"category": "plumbing", "name": "X", "price_cents": 100, "duration_minutes": 60, "min_duration_minutes": 90}""", "min_duration_minutes" },
        { """{"category": "plumbing", "name": "{huge}", "price_cents": 100, "duration_minutes": 60}""", "name" },
        { """{"category": "plumbing", "name": "X", "price_cents": "free", "duration_minutes": 60}""", "price_cents" },
    };

    [Theory]
    [MemberData(nameof(BadServices))]
    public async Task Invalid_services_name_the_field_and_write_nothing(string json, string field)
    {
        var (provider, client) = await ProviderAsync();
        await (await client.SendRawAsync(HttpMethod.Post, Services, json.Replace("{huge}", new string('x', 500))))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Services.CountAsync(s => s.ProviderId == provider.Profile.Id)));
    }

    [Fact]
    public async Task Provider_role_without_a_profile_is_permission_denied()
    {
        var user = await factory.CreateUserAsync(Roles.Provider);
        var client = await factory.ClientForAsync(user.Email!);
        await (await client.GetAsync(Schedule)).ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await (await client.GetAsync(Services)).ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Theory]
    [InlineData("GET", Schedule)]
    [InlineData("GET", TimeOff)]
    [InlineData("GET", Services)]
    public async Task Customers_and_admins_are_permission_denied(string method, string url)
    {
        foreach (var role in new[] { Roles.Customer, Roles.Admin })
        {
            var client = await factory.ClientForAsync((await factory.CreateUserAsync(role)).Email!);
            await (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        }
    }

    [Fact]
    public async Task Bookings_racing_schedule_changes_get_answers_never_server_errors()
    {
        var (provider, client) = await ProviderAsync();
        var customers = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            customers.Add(await factory.ClientForAsync((await factory.CreateUserAsync(Roles.Customer)).Email!));
        }
        var schedule = await (await client.GetAsync(Schedule)).JsonAsync(HttpStatusCode.OK);
        var hours = schedule.GetProperty("weekly_hours").EnumerateArray().ToList();
        var withoutTuesday = hours.Where(h => h.GetProperty("day").GetString() != "tuesday").ToList();

        var work = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 8; i++)
        {
            var start = new DateTime(2030, 1, 8, 8 + i, 0, 0, DateTimeKind.Utc);
            work.Add(customers[i % 4].PostAsJsonAsync("/api/bookings/bookings/", new
            {
                service = provider.Service.Id, provider = provider.Profile.Id, start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            }));
            work.Add(client.PutAsJsonAsync(Schedule, new { timezone = "Europe/Berlin", weekly_hours = i % 2 == 0 ? withoutTuesday : hours }));
        }
        var responses = await Task.WhenAll(work);

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict,
                $"{response.RequestMessage!.Method} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var versions = await ScheduleVersionAsync(provider.Profile.Id);
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var scheduleChanges = responses.Count(r => r.RequestMessage!.Method == HttpMethod.Put && r.StatusCode == HttpStatusCode.OK);
        // Every committed booking and every committed schedule change bumped the version exactly once: none overwrote another.
        Assert.Equal(created + scheduleChanges, versions);
    }
}
