using System.Net;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Backoffice;

public sealed class ProviderSelfServicePageTests(BackofficeFactory factory) : IClassFixture<BackofficeFactory>
{
    private static Dictionary<string, string> Week(string mondayStart, string mondayEnd)
    {
        var form = Enumerable.Range(0, 7)
            .SelectMany(i => new[] { "Start", "End", "BreakStart", "BreakEnd" }.Select(part => $"Input.Days[{i}].{part}"))
            .ToDictionary(key => key, _ => "");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Input.Timezone"] = "Europe/Lisbon",
            ["Input.BufferMinutes"] = "30",
            ["Input.MinNoticeMinutes"] = "120",
            ["Input.MaxAdvanceDays"] = "45",
            ["Input.Days[0].Start"] = mondayStart,
            ["Input.Days[0].End"] = mondayEnd,
            ["Input.Days[0].BreakStart"] = "12:00",
            ["Input.Days[0].BreakEnd"] = "13:00",
            ["Input.Days[2].Start"] = "10:00",
            ["Input.Days[2].End"] = "14:00",
        })
        {
            form[key] = value;
        }
        return form;
    }

    [Fact]
    public async Task Schedule_form_saves_hours_breaks_and_rules()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", Week("09:00", "17:00"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await factory.WithDbAsync(async db => new
        {
            Profile = await db.Providers.AsNoTracking().SingleAsync(p => p.Id == provider.Profile.Id),
            Hours = await db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == provider.Profile.Id).OrderBy(h => h.Day).ToListAsync(),
            Breaks = await db.WeeklyBreaks.AsNoTracking().Where(b => b.ProviderId == provider.Profile.Id).ToListAsync(),
        });
        Assert.Equal("Europe/Lisbon", saved.Profile.TimeZoneId);
        Assert.Equal(30, saved.Profile.BufferMinutes);
        Assert.Equal(45, saved.Profile.MaxAdvanceDays);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], saved.Hours.Select(h => h.Day));
        Assert.Equal(new TimeOnly(9, 0), saved.Hours[0].Start);
        Assert.Equal(new TimeOnly(12, 0), Assert.Single(saved.Breaks).Start);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/Schedule"));
        Assert.Contains("Schedule saved.", page);
        Assert.Contains("id=\"wednesday-start\" type=\"time\" name=\"Input.Days[2].Start\" value=\"10:00\"", page);
    }

    [Fact]
    public async Task End_before_start_is_shown_next_to_that_days_end_and_nothing_is_saved()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", Week("17:00", "09:00"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<small id=\"monday-end-error\" class=\"field-error\">Must be after start.</small>", html);
        var zone = await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.TimeZoneId).SingleAsync());
        Assert.Equal("Europe/Berlin", zone);
    }

    [Fact]
    public async Task Time_off_is_added_in_the_providers_zone_and_deleted()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var added = await FormPost.SubmitAsync(client, "/Provider/TimeOff", new Dictionary<string, string>
        {
            ["Input.Start"] = "2030-02-04T09:00",
            ["Input.End"] = "2030-02-06T18:00",
            ["Input.Reason"] = "Holiday",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var timeOff = await factory.WithDbAsync(db => db.TimeOff.AsNoTracking().SingleAsync(t => t.ProviderId == provider.Profile.Id));
        Assert.Equal(new DateTime(2030, 2, 4, 8, 0, 0, DateTimeKind.Utc), timeOff.StartUtc);
        Assert.Equal(new DateTime(2030, 2, 6, 17, 0, 0, DateTimeKind.Utc), timeOff.EndUtc);
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/TimeOff"));
        Assert.Contains("Mon 4 Feb 2030, 09:00", list);
        Assert.Contains("Holiday", list);

        var deleted = await FormPost.SubmitAsync(client, "/Provider/TimeOff", new Dictionary<string, string>(), $"/Provider/TimeOff?handler=Delete&id={timeOff.Id}");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.TimeOff.AnyAsync(t => t.ProviderId == provider.Profile.Id)));
    }

    [Fact]
    public async Task Time_off_ending_before_it_starts_is_a_field_error()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await FormPost.SubmitAsync(client, "/Provider/TimeOff", new Dictionary<string, string>
        {
            ["Input.Start"] = "2030-02-06T09:00",
            ["Input.End"] = "2030-02-04T09:00",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("id=\"end-error\"[^>]*>Must be after start_time.</span>", await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> ServiceForm(int categoryId, string name, string price) => new()
    {
        ["Input.Name"] = name,
        ["Input.Category"] = categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Description"] = "Kitchen and bathroom taps",
        ["Input.Price"] = price,
        ["Input.DurationMinutes"] = "90",
        ["Input.IsActive"] = "true",
    };

    [Fact]
    public async Task A_service_is_added_with_its_price_in_euros_and_edited()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var added = await FormPost.SubmitAsync(client, "/Provider/Services", ServiceForm(provider.Service.CategoryId, "Tap replacement", "74.50"));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var service = await factory.WithDbAsync(db => db.Services.AsNoTracking().SingleAsync(s => s.ProviderId == provider.Profile.Id && s.Name == "Tap replacement"));
        Assert.Equal(7450, service.PriceCents);
        Assert.Equal(90, service.DurationMinutes);
        Assert.Contains("€74.50", WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/Services")));

        var form = ServiceForm(provider.Service.CategoryId, "Tap replacement", "80");
        form.Remove("Input.IsActive");
        form["Input.IsActive"] = "false";
        var edited = await FormPost.SubmitAsync(client, $"/Provider/Services/Edit/{service.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var saved = await factory.WithDbAsync(db => db.Services.AsNoTracking().SingleAsync(s => s.Id == service.Id));
        Assert.Equal(8000, saved.PriceCents);
        Assert.False(saved.IsActive);
    }

    [Fact]
    public async Task A_bad_price_and_duration_are_shown_next_to_their_fields()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var badPrice = await FormPost.SubmitAsync(client, "/Provider/Services", ServiceForm(provider.Service.CategoryId, "Odd", "twelve"));
        var form = ServiceForm(provider.Service.CategoryId, "Odd", "12");
        form["Input.DurationMinutes"] = "20";
        var badDuration = await FormPost.SubmitAsync(client, "/Provider/Services", form);

        Assert.Contains("id=\"service-price-error\" class=\"field-error\">Enter a price in euros", await badPrice.Content.ReadAsStringAsync());
        Assert.Contains("id=\"service-duration-error\" class=\"field-error\">Must be a multiple of 15 minutes", await badDuration.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_providers_service_cannot_be_edited()
    {
        var provider = await factory.CreateProviderAsync();
        var other = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await client.GetAsync($"/Provider/Services/Edit/{other.Service.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Reviews_are_listed_newest_first_and_encoded()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 14);
        await factory.WithDbAsync(async db =>
        {
            var booking = await db.Bookings.SingleAsync(b => b.Id == bookingId);
            db.Reviews.Add(new HomeSer.Web.Features.Reviews.Review
            {
                BookingId = bookingId,
                ProviderId = provider.Profile.Id,
                CustomerId = booking.CustomerId,
                Rating = 4,
                Comment = "<b>Quick</b> and tidy",
                CreatedAt = factory.Clock.GetUtcNow().UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = await client.GetStringAsync("/Provider/Reviews");

        Assert.Contains("&lt;b&gt;Quick&lt;/b&gt; and tidy", html);
        Assert.Contains("4 out of 5 stars", html);
    }
}
