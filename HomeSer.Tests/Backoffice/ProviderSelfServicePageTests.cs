using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Backoffice;

public sealed class ProviderSelfServicePageTests(BackofficeFactory factory) : IClassFixture<BackofficeFactory>
{
    /// <summary>The schedule form as a browser sends it: Monday 09:00-17:00 (or as given) with a lunch break, Wednesday 10:00-14:00, the rest off.</summary>
    private static Dictionary<string, string> Week(string mondayStart, string mondayEnd) => new()
    {
        ["Input.Timezone"] = "Europe/Lisbon",
        ["Input.BufferMinutes"] = "30",
        ["Input.MinNoticeMinutes"] = "120",
        ["Input.MaxAdvanceDays"] = "45",
        ["Input.Days[0].Works"] = "true",
        ["Input.Days[0].Ranges[0].Start"] = mondayStart,
        ["Input.Days[0].Ranges[0].End"] = mondayEnd,
        ["Input.Days[0].Ranges[0].BreakStart"] = "12:00",
        ["Input.Days[0].Ranges[0].BreakEnd"] = "13:00",
        // Tuesday is switched off: its suggested range is sent but not saved.
        ["Input.Days[1].Ranges[0].Start"] = "09:00",
        ["Input.Days[1].Ranges[0].End"] = "17:00",
        ["Input.Days[2].Works"] = "true",
        ["Input.Days[2].Ranges[0].Start"] = "10:00",
        ["Input.Days[2].Ranges[0].End"] = "14:00",
    };

    private Task<List<(DayOfWeek Day, TimeOnly Start, TimeOnly End)>> HoursAsync(int providerId) => factory.WithDbAsync(async db =>
        (await db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == providerId).ToListAsync())
            .OrderBy(h => h.Day).ThenBy(h => h.Start).Select(h => (h.Day, h.Start, h.End)).ToList());

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
        Assert.Contains("id=\"Input_Days_2__Ranges_0__Start\" type=\"time\" name=\"Input.Days[2].Ranges[0].Start\" value=\"10:00\"", page);
        Assert.Contains("id=\"works-wednesday\" class=\"day-switch\" type=\"checkbox\" role=\"switch\" name=\"Input.Days[2].Works\" value=\"true\" checked=\"checked\"", page);
        Assert.Contains("id=\"works-tuesday\" class=\"day-switch\" type=\"checkbox\" role=\"switch\" name=\"Input.Days[1].Works\" value=\"true\" />", page);
    }

    [Fact]
    public async Task A_day_can_have_two_time_ranges()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("08:00", "12:00");
        form.Remove("Input.Days[0].Ranges[0].BreakStart");
        form.Remove("Input.Days[0].Ranges[0].BreakEnd");
        form["Input.Days[0].Ranges[1].Start"] = "15:00";
        form["Input.Days[0].Ranges[1].End"] = "19:00";

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(
            [(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)), (DayOfWeek.Monday, new TimeOnly(15, 0), new TimeOnly(19, 0)),
             (DayOfWeek.Wednesday, new TimeOnly(10, 0), new TimeOnly(14, 0))],
            await HoursAsync(provider.Profile.Id));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/Schedule"));
        Assert.Contains("name=\"Input.Days[0].Ranges[1].Start\" value=\"15:00\"", page);
    }

    [Fact]
    public async Task Adding_a_range_shows_one_more_and_saves_nothing()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var before = await HoursAsync(provider.Profile.Id);
        var form = Week("09:00", "12:00");
        form["command"] = "add-0";

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"Input.Days[0].Ranges[1].Start\" value=\"13:00\"", html);
        Assert.Matches("id=\"Input_Days_0__Ranges_1__Start\"[^>]*autofocus=\"autofocus\"", html);
        Assert.Equal(before, await HoursAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task Removing_the_only_range_switches_the_day_off()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("09:00", "17:00");
        form["command"] = "remove-2-0";

        var html = WebUtility.HtmlDecode(await (await FormPost.SubmitAsync(client, "/Provider/Schedule", form)).Content.ReadAsStringAsync());

        Assert.Contains("name=\"Input.Days[2].Works\" value=\"true\" />", html);
        Assert.Contains("name=\"Input.Days[0].Works\" value=\"true\" checked=\"checked\"", html);
    }

    [Fact]
    public async Task Copying_a_day_to_every_day_gives_every_other_day_its_ranges_and_switch()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("07:30", "16:00");
        form["command"] = "copy-0-all";

        var copied = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);
        var html = WebUtility.HtmlDecode(await copied.Content.ReadAsStringAsync());

        for (var d = 0; d < 7; d++)
        {
            Assert.Contains($"name=\"Input.Days[{d}].Works\" value=\"true\" checked=\"checked\"", html);
            Assert.Contains($"name=\"Input.Days[{d}].Ranges[0].Start\" value=\"07:30\"", html);
            Assert.Contains($"name=\"Input.Days[{d}].Ranges[0].BreakEnd\" value=\"13:00\"", html);
        }
        Assert.Contains("Monday's hours copied to Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday.", html);
    }

    [Fact]
    public async Task Copying_a_day_to_the_days_ticked_leaves_the_other_days_as_they_were()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("07:30", "16:00").Append(new("command", "copy-0")).Append(new("copy_to_0", "3")).Append(new("copy_to_0", "5")).ToList();

        var html = WebUtility.HtmlDecode(await (await FormPost.SubmitAsync(client, "/Provider/Schedule", form)).Content.ReadAsStringAsync());

        Assert.Contains("Monday's hours copied to Thursday and Saturday.", html);
        foreach (var d in new[] { 3, 5 })
        {
            Assert.Contains($"name=\"Input.Days[{d}].Ranges[0].Start\" value=\"07:30\"", html);
            Assert.Matches($"id=\"copy-0-to-{d}\"[^>]*checked=\"checked\"", html);
        }
        // Tuesday stays off and Wednesday keeps its own hours.
        Assert.Contains("name=\"Input.Days[1].Works\" value=\"true\" />", html);
        Assert.Contains("name=\"Input.Days[2].Ranges[0].Start\" value=\"10:00\"", html);
        Assert.DoesNotContain("name=\"Input.Days[4].Ranges[0].Start\" value=\"07:30\"", html);
        Assert.Matches("<details class=\"day-copy\" id=\"copy-monday\" open=\"open\">", html);
    }

    [Fact]
    public async Task Copying_a_day_to_monday_to_friday_leaves_the_weekend_alone()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("07:30", "16:00");
        form["command"] = "copy-0-weekdays";

        var html = WebUtility.HtmlDecode(await (await FormPost.SubmitAsync(client, "/Provider/Schedule", form)).Content.ReadAsStringAsync());

        Assert.Contains("Monday's hours copied to Tuesday, Wednesday, Thursday and Friday.", html);
        Assert.Contains("name=\"Input.Days[4].Ranges[0].Start\" value=\"07:30\"", html);
        Assert.DoesNotContain("name=\"Input.Days[5].Ranges[0].Start\" value=\"07:30\"", html);
        Assert.DoesNotContain("name=\"Input.Days[6].Ranges[0].Start\" value=\"07:30\"", html);
    }

    [Fact]
    public async Task Copying_with_no_day_ticked_asks_for_the_days_and_changes_nothing()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("07:30", "16:00");
        form["command"] = "copy-0";

        var html = WebUtility.HtmlDecode(await (await FormPost.SubmitAsync(client, "/Provider/Schedule", form)).Content.ReadAsStringAsync());

        Assert.Contains("Tick the days to copy Monday's hours to, or use Monday–Friday or every day.", html);
        Assert.Matches("id=\"copy-0-to-1\"[^>]*autofocus=\"autofocus\"", html);
        Assert.Contains("name=\"Input.Days[2].Ranges[0].Start\" value=\"10:00\"", html);
    }

    [Fact]
    public async Task End_before_start_is_shown_next_to_that_days_end_and_nothing_is_saved()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", Week("17:00", "09:00"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<small id=\"Input_Days_0__Ranges_0__End-error\" class=\"field-error\">Monday: the end must be after the start.</small>", html);
        Assert.Contains("<a href=\"#Input_Days_0__Ranges_0__End\">Monday: the end must be after the start.</a>", html);
        Assert.Contains("class=\"day-row day-row-invalid\" id=\"day-monday\"", html);
        var zone = await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.TimeZoneId).SingleAsync());
        Assert.Equal("Europe/Berlin", zone);
    }

    [Fact]
    public async Task A_working_day_without_hours_asks_for_them()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("", "");
        form.Remove("Input.Days[0].Ranges[0].BreakStart");
        form.Remove("Input.Days[0].Ranges[0].BreakEnd");

        var html = WebUtility.HtmlDecode(await (await FormPost.SubmitAsync(client, "/Provider/Schedule", form)).Content.ReadAsStringAsync());

        Assert.Contains(">Monday: give the working hours, or switch the day off.</small>", html);
    }

    [Fact]
    public async Task A_half_given_break_is_named_and_nothing_is_saved()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);
        var form = Week("09:00", "17:00");
        form["Input.Days[0].Ranges[0].BreakEnd"] = "";

        var response = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"Input_Days_0__Ranges_0__BreakEnd-error\" class=\"field-error\">Monday: give both ends of the break, or clear it.", html);
    }

    [Fact]
    public async Task Hours_that_strand_a_booking_name_it_and_save_only_when_told_to_cancel_it()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 9);
        var client = await factory.SignedInAsync(provider.User.Email!);
        // Tuesday (the booking's day) switched off.
        var form = Week("09:00", "17:00");

        var refused = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("1 coming booking falls outside these hours.", html);
        Assert.Contains($"<a href=\"/Bookings/{bookingId}\">Booking #{bookingId}</a>", html);
        Assert.Contains("Cancel this booking and tell the customer, then save", html);
        Assert.DoesNotContain("cancel_affected", html);
        Assert.Contains((DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(18, 0)), await HoursAsync(provider.Profile.Id));

        form["Input.CancelAffected"] = "true";
        var saved = await FormPost.SubmitAsync(client, "/Provider/Schedule", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain(await HoursAsync(provider.Profile.Id), h => h.Day == DayOfWeek.Tuesday);
        var status = await factory.WithDbAsync(db => db.Bookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync());
        Assert.Equal(HomeSer.Web.Features.Bookings.BookingStatus.Cancelled, status);
    }

    [Fact]
    public async Task A_period_with_several_breaks_from_the_api_shows_as_ranges_with_the_same_working_time()
    {
        var provider = await factory.CreateProviderAsync();
        var api = await factory.ClientForAsync(provider.User.Email!);
        var put = await api.PutAsJsonAsync("/api/providers/me/schedule/", new
        {
            timezone = "Europe/Berlin",
            weekly_hours = new[]
            {
                new { day = "monday", start = "08:00", end = "18:00", breaks = new[] { new { start = "10:00", end = "10:30" }, new { start = "13:00", end = "14:00" } } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/Schedule"));

        Assert.Contains("name=\"Input.Days[0].Ranges[0].End\" value=\"13:00\"", html);
        Assert.Contains("name=\"Input.Days[0].Ranges[0].BreakStart\" value=\"10:00\"", html);
        Assert.Contains("name=\"Input.Days[0].Ranges[1].Start\" value=\"14:00\"", html);
        Assert.Contains("name=\"Input.Days[0].Ranges[1].End\" value=\"18:00\"", html);
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
