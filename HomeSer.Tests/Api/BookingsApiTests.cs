using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Api;

public sealed class BookingsApiTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private const string Bookings = "/api/bookings/bookings/";

    [Fact]
    public async Task Availability_lists_free_slots_of_the_provider()
    {
        var cast = await app.CastAsync();
        var response = await cast.Customer.GetAsync($"/api/bookings/availabilities/?provider={cast.OtherProvider.Profile.Id}&date=2030-01-09&days=2&service={cast.OtherProvider.Service.Id}");
        var body = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(cast.OtherProvider.Profile.Id, body.GetProperty("provider").GetInt32());
        Assert.Equal("Europe/Berlin", body.GetProperty("timezone").GetString());
        var slots = body.GetProperty("slots").EnumerateArray().ToList();
        Assert.NotEmpty(slots);
        Assert.EndsWith("Z", slots[0].GetProperty("start_time").GetString());
    }

    [Theory]
    [InlineData("", "provider")]
    [InlineData("provider=abc", "provider")]
    [InlineData("provider=999999", "provider")]
    [InlineData("provider={p}&date=09-01-2030", "date")]
    [InlineData("provider={p}&days=0", "days")]
    [InlineData("provider={p}&days=32", "days")]
    [InlineData("provider={p}&service=999999", "service")]
    public async Task Bad_availability_queries_name_the_parameter(string query, string field)
    {
        var cast = await app.CastAsync();
        var response = await cast.Customer.GetAsync($"/api/bookings/availabilities/?{query.Replace("{p}", cast.Provider.Profile.Id.ToString())}");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task Create_answers_201_with_location_and_the_booking_object()
    {
        var cast = await app.CastAsync();
        var start = app.NextSlot();
        var response = await cast.Customer.PostAsJsonAsync(Bookings, BookingsFixture.BookingBody(cast, start));
        var booking = await response.JsonAsync(HttpStatusCode.Created);
        var id = booking.GetProperty("id").GetInt32();
        Assert.Equal($"/api/bookings/bookings/{id}/", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", booking.GetProperty("status").GetString());
        Assert.Equal(start, booking.GetProperty("start_time").GetDateTime().ToUniversalTime());
        foreach (var field in new[] { "service", "provider", "customer", "booking_date", "duration", "scheduled_end_time", "end_time", "customer_notes",
                     "provider_notes", "cancellation_reason", "price_cents", "currency", "payment", "version", "created_at", "updated_at" })
        {
            Assert.True(booking.TryGetProperty(field, out _), $"booking has {field}");
        }
        var fetched = await (await cast.Customer.GetAsync($"{Bookings}{id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, fetched.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Seed_style_booking_date_instant_is_accepted()
    {
        var cast = await app.CastAsync();
        var start = app.NextSlot();
        var iso = start.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var response = await cast.Customer.PostAsJsonAsync(Bookings, new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            booking_date = iso,
            start_time = iso,
            duration = 60,
        });
        var booking = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(start.ToString("yyyy-MM-dd"), booking.GetProperty("booking_date").GetString());
    }

    [Fact]
    public async Task Idempotent_retry_answers_200_with_the_same_booking_and_creates_nothing()
    {
        var cast = await app.CastAsync();
        var body = BookingsFixture.BookingBody(cast, app.NextSlot());
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request() => new(HttpMethod.Post, Bookings) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

        var first = await (await cast.Customer.SendAsync(Request())).JsonAsync(HttpStatusCode.Created);
        var before = await app.CountBookingsAsync();
        var replayResponse = await cast.Customer.SendAsync(Request());
        var replay = await replayResponse.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetInt32(), replay.GetProperty("id").GetInt32());
        Assert.Equal(first.ToString(), replay.ToString());
        Assert.Equal(before, await app.CountBookingsAsync());
        Assert.Equal($"/api/bookings/bookings/{first.GetProperty("id").GetInt32()}/", replayResponse.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Same_slot_twice_is_a_booking_conflict()
    {
        var cast = await app.CastAsync();
        var body = BookingsFixture.BookingBody(cast, app.NextSlot());
        await (await cast.Customer.PostAsJsonAsync(Bookings, body)).JsonAsync(HttpStatusCode.Created);
        var second = await cast.OtherCustomer.PostAsJsonAsync(Bookings, body);
        await second.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "start_time");
    }

    [Fact]
    public async Task Outside_working_hours_is_a_booking_conflict()
    {
        var cast = await app.CastAsync();
        var sunday = new DateTime(2030, 1, 13, 10, 0, 0, DateTimeKind.Utc);
        var response = await cast.Customer.PostAsJsonAsync(Bookings, BookingsFixture.BookingBody(cast, sunday));
        await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");
    }

    [Fact]
    public async Task Declined_card_is_payment_failed()
    {
        var cast = await app.CastAsync();
        var before = await app.CountBookingsAsync();
        var response = await cast.Customer.PostAsJsonAsync(Bookings, new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = app.NextSlot().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            payment_method = "card",
            payment_token = "tok_declined",
        });
        await response.ProblemAsync(HttpStatusCode.PaymentRequired, "PAYMENT_FAILED");
        Assert.Equal(before, await app.CountBookingsAsync());
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { """{"service": "one", "provider": 1, "start_time": "2030-01-08T10:00:00Z"}""", "service" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "duration": "long"}""", "duration" },
        { """{"service": {s}, "provider": {p}, "start_time": "tomorrow"}""", "start_time" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-13-45T10:00:00Z"}""", "start_time" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "duration": -60}""", "duration" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "duration": 1e40}""", "duration" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "duration": 50}""", "duration" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "customer_notes": "{huge}"}""", "customer_notes" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "customer_notes": 42}""", "customer_notes" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "booking_date": "2030/01/08"}""", "booking_date" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "booking_date": "2030-01-09"}""", "booking_date" },
        { """{"service": null, "provider": null, "start_time": null}""", "service" },
        { """{"service": 999999, "provider": {p}, "start_time": "2030-01-08T10:00:00Z"}""", "service" },
        { """{"service": {s}, "provider": 999999, "start_time": "2030-01-08T10:00:00Z"}""", "provider" },
        { """{"service": {s}, "provider": {p}, "start_time": "2029-12-31T10:00:00Z"}""", "start_time" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-07T08:30:00Z"}""", "start_time" },
        { """{"service": {s}, "provider": {p}, "start_time": "2031-06-02T10:00:00Z"}""", "start_time" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "payment_method": "cash"}""", "payment_method" },
        { """[1, 2, 3]""", "body" },
        { """{"service": {s}, "provider": {p}, "start_time": "2030-01-08T10:00:00Z", "idempotency_key": 5, "duration": true}""", "duration" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_create_bodies_are_400_naming_the_field_and_write_nothing(string template, string field)
    {
        var cast = await app.CastAsync();
        var json = template.Replace("{s}", cast.Provider.Service.Id.ToString()).Replace("{p}", cast.Provider.Profile.Id.ToString())
            .Replace("{huge}", new string('x', 100_000));
        var before = await app.CountBookingsAsync();
        var response = await cast.Customer.SendRawAsync(HttpMethod.Post, Bookings, json);
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(before, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var cast = await app.CastAsync();
        var response = await cast.Customer.PostAsJsonAsync(Bookings, new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = app.NextSlot().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            status = "completed",
            price_cents = 1,
            hack = new { nested = true },
        });
        var booking = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", booking.GetProperty("status").GetString());
        Assert.Equal(8900, booking.GetProperty("price_cents").GetInt64());
    }

    [Fact]
    public async Task Patch_with_if_match_updates_and_a_stale_version_is_a_conflict()
    {
        var cast = await app.CastAsync();
        var booking = await app.BookAsync();
        var id = booking.GetProperty("id").GetInt32();
        var version = booking.GetProperty("version").GetInt32();

        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Bookings}{id}/") { Content = JsonContent.Create(new { customer_notes = "Gate code 1234" }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        var updated = await (await cast.Customer.SendAsync(request)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Gate code 1234", updated.GetProperty("customer_notes").GetString());
        Assert.True(updated.GetProperty("version").GetInt32() > version);

        var stale = await cast.Customer.PatchAsJsonAsync($"{Bookings}{id}/", new { customer_notes = "Again", version });
        await stale.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "version");
    }

    [Fact]
    public async Task Patch_reschedules_with_the_version_in_the_body()
    {
        var cast = await app.CastAsync();
        var booking = await app.BookAsync("confirmed");
        var id = booking.GetProperty("id").GetInt32();
        var newStart = app.NextSlot();
        var response = await cast.ProviderClient.PatchAsJsonAsync($"{Bookings}{id}/",
            new { start_time = newStart.ToString("yyyy-MM-ddTHH:mm:ssZ"), version = booking.GetProperty("version").GetInt32() });
        var moved = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("rescheduled", moved.GetProperty("status").GetString());
        Assert.Equal(newStart, moved.GetProperty("start_time").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Patch_with_a_malformed_if_match_names_version()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync()).GetProperty("id").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Bookings}{id}/") { Content = JsonContent.Create(new { customer_notes = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        await (await cast.Customer.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "version");
    }

    [Fact]
    public async Task Cancelling_a_completed_booking_is_not_modifiable()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync("completed")).GetProperty("id").GetInt32();
        var response = await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/cancel/", new { reason = "Changed my mind" });
        await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "BOOKING_NOT_MODIFIABLE");
    }

    [Fact]
    public async Task Cancel_takes_an_optional_reason_and_no_body_at_all()
    {
        var cast = await app.CastAsync();
        var withReason = (await app.BookAsync()).GetProperty("id").GetInt32();
        var cancelled = await (await cast.Customer.PostAsJsonAsync($"{Bookings}{withReason}/cancel/", new { reason = "Sick" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Sick", cancelled.GetProperty("cancellation_reason").GetString());

        var withoutBody = (await app.BookAsync()).GetProperty("id").GetInt32();
        var bare = await (await cast.Customer.PostAsync($"{Bookings}{withoutBody}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", bare.GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_show_before_the_start_is_not_modifiable_and_after_it_works()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync("confirmed")).GetProperty("id").GetInt32();
        await (await cast.ProviderClient.PostAsync($"{Bookings}{id}/no-show/", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "BOOKING_NOT_MODIFIABLE");
        await app.StartedAnHourAgoAsync(id);
        var marked = await (await cast.ProviderClient.PostAsync($"{Bookings}{id}/no-show/", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("no_show", marked.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Review_twice_is_not_modifiable_and_bad_ratings_name_the_field()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync("completed")).GetProperty("id").GetInt32();
        await (await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/review/", new { rating = 9, comment = "!" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "rating");
        await (await cast.Customer.SendRawAsync(HttpMethod.Post, $"{Bookings}{id}/review/", """{"rating": "five"}"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "rating");
        await (await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/review/", new { rating = 5, comment = "Great" })).JsonAsync(HttpStatusCode.Created);
        await (await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/review/", new { rating = 4, comment = "Again" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "BOOKING_NOT_MODIFIABLE");
    }

    [Fact]
    public async Task List_is_paginated_filters_by_status_and_rejects_unknown_statuses()
    {
        var cast = await app.CastAsync();
        var customer = await app.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer);
        var client = await app.ClientForAsync(customer.Email!);
        await app.BookAsync(customer: client);
        await app.BookAsync(customer: client);
        var cancelled = await app.BookAsync("cancelled", client);

        var page = await (await client.GetAsync($"{Bookings}?page_size=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("count").GetInt32());
        Assert.Equal(2, page.GetProperty("results").GetArrayLength());
        Assert.StartsWith("http", page.GetProperty("next").GetString());
        Assert.Contains("page=2", page.GetProperty("next").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("previous").ValueKind);

        var onlyCancelled = await (await client.GetAsync($"{Bookings}?status=cancelled")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(cancelled.GetProperty("id").GetInt32(), Assert.Single(onlyCancelled.GetProperty("results").EnumerateArray()).GetProperty("id").GetInt32());

        await (await client.GetAsync($"{Bookings}?status=lost")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status");
        await (await client.GetAsync($"{Bookings}?page_size=500")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "page_size");
    }

    [Fact]
    public async Task Whole_flow_from_details_to_review_with_bearer_tokens()
    {
        var cast = await app.CastAsync();
        var service = await (await cast.Anonymous.GetAsync($"/api/services/services/{cast.Provider.Service.Id}/")).JsonAsync(HttpStatusCode.OK);
        var providerId = service.GetProperty("provider").GetProperty("id").GetInt32();

        var availability = await (await cast.Customer.GetAsync(
            $"/api/bookings/availabilities/?provider={providerId}&service={service.GetProperty("id").GetInt32()}&date=2030-03-05")).JsonAsync(HttpStatusCode.OK);
        var slot = availability.GetProperty("slots")[0].GetProperty("start_time").GetString();

        var created = await (await cast.Customer.PostAsJsonAsync(Bookings, new
        {
            service = service.GetProperty("id").GetInt32(),
            provider = providerId,
            start_time = slot,
            customer_notes = "Leaking tap",
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        foreach (var (move, status) in new[] { ("confirm", "confirmed"), ("start", "in_progress"), ("complete", "completed") })
        {
            if (move == "start")
            {
                // The job's day has come (the shared clock stays put).
                await app.StartedAnHourAgoAsync(id);
            }
            var moved = await (await cast.ProviderClient.PostAsync($"{Bookings}{id}/{move}/", null)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(status, moved.GetProperty("status").GetString());
        }
        var done = await (await cast.Customer.GetAsync($"{Bookings}{id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("end_time").ValueKind);

        var review = await (await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/review/", new { rating = 5, comment = "Fixed fast" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(id, review.GetProperty("booking").GetInt32());
        var reviews = await (await cast.Anonymous.GetAsync($"/api/providers/{providerId}/reviews/")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(reviews.GetProperty("results").EnumerateArray(), r => r.GetProperty("booking").GetInt32() == id);
    }

    public static TheoryData<string, string> HostilePatches => new()
    {
        { """{"duration": -30, "version": {v}}""", "duration" },
        { """{"duration": "long", "version": {v}}""", "duration" },
        { """{"start_time": "yesterday", "version": {v}}""", "start_time" },
        { """{"start_time": "2029-01-01T10:00:00Z", "version": {v}}""", "start_time" },
        { """{"customer_notes": "{huge}", "version": {v}}""", "customer_notes" },
        { """{"customer_notes": ["a"], "version": {v}}""", "customer_notes" },
        { """{"customer_notes": "x", "version": "latest"}""", "version" },
    };

    [Theory]
    [MemberData(nameof(HostilePatches))]
    public async Task Hostile_patches_are_400_naming_the_field_and_change_nothing(string template, string field)
    {
        var cast = await app.CastAsync();
        var booking = await app.BookAsync();
        var id = booking.GetProperty("id").GetInt32();
        var json = template.Replace("{v}", booking.GetProperty("version").GetInt32().ToString()).Replace("{huge}", new string('x', 100_000));
        await (await cast.Customer.SendRawAsync(HttpMethod.Patch, $"{Bookings}{id}/", json)).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        var after = await (await cast.Customer.GetAsync($"{Bookings}{id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(booking.ToString(), after.ToString());
    }

    [Fact]
    public async Task A_huge_cancellation_reason_names_the_field_and_keeps_the_booking()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync()).GetProperty("id").GetInt32();
        await (await cast.Customer.PostAsJsonAsync($"{Bookings}{id}/cancel/", new { reason = new string('x', 10_000) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason");
        var after = await (await cast.Customer.GetAsync($"{Bookings}{id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("pending", after.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "confirm/")]
    [InlineData("POST", "cancel/")]
    [InlineData("POST", "review/")]
    public async Task Unknown_booking_ids_are_not_found(string method, string suffix)
    {
        var cast = await app.CastAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), $"{Bookings}999999/{suffix}");
        if (suffix == "review/")
        {
            request.Content = JsonContent.Create(new { rating = 5 });
        }
        await (await cast.Admin.SendAsync(request)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_day_removed_from_the_schedule_cannot_be_booked_any_more()
    {
        var cast = await app.CastAsync();
        // The other provider stops working Tuesdays; a customer then tries a Tuesday.
        var schedule = await (await cast.OtherProviderClient.GetAsync("/api/providers/me/schedule/")).JsonAsync(HttpStatusCode.OK);
        var withoutTuesday = schedule.GetProperty("weekly_hours").EnumerateArray().Where(h => h.GetProperty("day").GetString() != "tuesday").ToList();
        await (await cast.OtherProviderClient.PutAsJsonAsync("/api/providers/me/schedule/", new { timezone = "Europe/Berlin", weekly_hours = withoutTuesday }))
            .JsonAsync(HttpStatusCode.OK);

        var response = await cast.Customer.PostAsJsonAsync(Bookings, new
        {
            service = cast.OtherProvider.Service.Id,
            provider = cast.OtherProvider.Profile.Id,
            start_time = "2030-01-15T10:00:00Z",
        });
        await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");
    }
}
