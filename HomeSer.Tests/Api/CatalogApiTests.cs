using System.Net;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Reviews;

namespace HomeSer.Tests.Api;

public sealed class CatalogApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Service_details_carry_category_and_provider_info()
    {
        var provider = await factory.CreateProviderAsync(categorySlug: "details-" + Guid.NewGuid().ToString("N")[..8]);
        var service = await (await factory.CreateClient().GetAsync($"/api/services/services/{provider.Service.Id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Leak repair", service.GetProperty("name").GetString());
        Assert.Equal(8900, service.GetProperty("price_cents").GetInt64());
        Assert.Equal(provider.Service.CategoryId, service.GetProperty("category").GetProperty("id").GetInt32());
        var owner = service.GetProperty("provider");
        Assert.Equal(provider.Profile.Id, owner.GetProperty("id").GetInt32());
        Assert.Equal("Berlin", owner.GetProperty("city").GetString());
        Assert.Equal("Europe/Berlin", owner.GetProperty("timezone").GetString());
        Assert.True(owner.GetProperty("verified").GetBoolean());
        foreach (var field in new[] { "display_name", "rating", "review_count" })
        {
            Assert.True(owner.TryGetProperty(field, out _), $"provider has {field}");
        }
    }

    [Fact]
    public async Task Unknown_service_and_provider_are_not_found()
    {
        var client = factory.CreateClient();
        await (await client.GetAsync("/api/services/services/999999/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/providers/999999/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/providers/999999/reviews/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Services_filter_by_category_slug_or_id_and_by_provider()
    {
        var slug = "filter-" + Guid.NewGuid().ToString("N")[..8];
        var first = await factory.CreateProviderAsync(categorySlug: slug);
        var second = await factory.CreateProviderAsync(categorySlug: slug);
        var client = factory.CreateClient();

        var bySlug = await (await client.GetAsync($"/api/services/services/?category={slug}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, bySlug.GetProperty("count").GetInt32());
        var byId = await (await client.GetAsync($"/api/services/services/?category={first.Service.CategoryId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, byId.GetProperty("count").GetInt32());
        var byProvider = await (await client.GetAsync($"/api/services/services/?category={slug}&provider={second.Profile.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(second.Service.Id, Assert.Single(byProvider.GetProperty("results").EnumerateArray()).GetProperty("id").GetInt32());

        await (await client.GetAsync("/api/services/services/?category=no-such-category")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "category");
    }

    [Fact]
    public async Task Next_and_previous_are_absolute_and_keep_other_query_parameters()
    {
        var slug = "pages-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateProviderAsync(categorySlug: slug);
        }
        var client = factory.CreateClient();
        var second = await (await client.GetAsync($"/api/services/services/?category={slug}&page=2&page_size=1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, second.GetProperty("count").GetInt32());
        var next = new Uri(second.GetProperty("next").GetString()!);
        var previous = new Uri(second.GetProperty("previous").GetString()!);
        Assert.True(next.IsAbsoluteUri);
        Assert.Contains($"category={slug}", next.Query);
        Assert.Contains("page=3", next.Query);
        Assert.Contains("page=1", previous.Query);

        var last = await (await client.GetAsync(next.PathAndQuery)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Categories_are_listed_paginated()
    {
        await factory.CreateProviderAsync(categorySlug: "cat-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await (await factory.CreateClient().GetAsync("/api/services/categories/")).JsonAsync(HttpStatusCode.OK);
        Assert.True(page.GetProperty("count").GetInt32() >= 1);
        Assert.True(page.GetProperty("results")[0].TryGetProperty("slug", out _));
    }

    [Fact]
    public async Task Provider_profile_and_reviews_newest_first()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer, displayName: "Rita Reviewer");
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < 2; i++)
            {
                var start = now.AddDays(-10 + i);
                var booking = Booking.Create(provider.Service.Id, provider.Profile.Id, customer.Id, DateOnly.FromDateTime(start), start, 60, "", 8900, "EUR", null,
                    Payment.OnCompletion(8900, "EUR", start), start);
                db.Bookings.Add(booking);
                await db.SaveChangesAsync();
                db.Reviews.Add(new Review { BookingId = booking.Id, ProviderId = provider.Profile.Id, CustomerId = customer.Id, Rating = 3 + i, Comment = $"Visit {i}", CreatedAt = start.AddHours(2) });
            }
            return await db.SaveChangesAsync();
        });
        var client = factory.CreateClient();

        var profile = await (await client.GetAsync($"/api/providers/{provider.Profile.Id}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(provider.Profile.DisplayName, profile.GetProperty("display_name").GetString());
        Assert.Equal(provider.Service.Id, Assert.Single(profile.GetProperty("services").EnumerateArray()).GetProperty("id").GetInt32());

        var reviews = await (await client.GetAsync($"/api/providers/{provider.Profile.Id}/reviews/")).JsonAsync(HttpStatusCode.OK);
        var comments = reviews.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("comment").GetString()).ToList();
        Assert.Equal(["Visit 1", "Visit 0"], comments);
        Assert.Equal("Rita Reviewer", reviews.GetProperty("results")[0].GetProperty("customer_name").GetString());
    }
}
