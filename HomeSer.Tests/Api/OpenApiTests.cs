using System.Net;
using System.Text.Json;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Api;

public sealed class OpenApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "post", "/api/auth/register/" }, { "post", "/api/auth/login/" }, { "post", "/api/auth/refresh/" }, { "get", "/api/auth/me/" },
        { "get", "/api/services/categories/" }, { "get", "/api/services/services/" }, { "get", "/api/services/services/{id}/" },
        { "get", "/api/providers/{id}/" }, { "get", "/api/providers/{id}/reviews/" },
        { "get", "/api/providers/me/schedule/" }, { "put", "/api/providers/me/schedule/" },
        { "get", "/api/providers/me/time-off/" }, { "post", "/api/providers/me/time-off/" }, { "delete", "/api/providers/me/time-off/{id}/" },
        { "get", "/api/providers/me/services/" }, { "post", "/api/providers/me/services/" }, { "patch", "/api/providers/me/services/{id}/" },
        { "get", "/api/notifications/" }, { "post", "/api/notifications/{id}/read/" },
        { "get", "/api/bookings/availabilities/" }, { "get", "/api/bookings/bookings/" }, { "post", "/api/bookings/bookings/" },
        { "get", "/api/bookings/bookings/{id}/" }, { "patch", "/api/bookings/bookings/{id}/" },
        { "post", "/api/bookings/bookings/{id}/cancel/" }, { "post", "/api/bookings/bookings/{id}/confirm/" },
        { "post", "/api/bookings/bookings/{id}/start/" }, { "post", "/api/bookings/bookings/{id}/complete/" },
        { "post", "/api/bookings/bookings/{id}/no-show/" }, { "post", "/api/bookings/bookings/{id}/review/" },
    };

    private async Task<JsonElement> DocumentAsync() =>
        await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

    private static JsonElement? Operation(JsonElement document, string method, string path)
    {
        foreach (var candidate in document.GetProperty("paths").EnumerateObject())
        {
            if (candidate.Name.TrimEnd('/') == path.TrimEnd('/') && candidate.Value.TryGetProperty(method, out var operation))
            {
                return operation;
            }
        }
        return null;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_openapi_document_lists_the_route(string method, string path)
    {
        var operation = Operation(await DocumentAsync(), method, path);
        Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is documented");
        var responses = operation!.Value.GetProperty("responses");
        Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
        if (path.StartsWith("/api/bookings") || path.StartsWith("/api/providers/me") || path.StartsWith("/api/notifications"))
        {
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} documents 401");
        }
        if (method is "post" or "put" or "patch" && !path.EndsWith("/confirm/") && !path.EndsWith("/start/") && !path.EndsWith("/complete/")
            && !path.EndsWith("/no-show/") && !path.EndsWith("/read/"))
        {
            Assert.True(operation.Value.TryGetProperty("requestBody", out _), $"{method} {path} documents its body");
        }
    }

    [Fact]
    public async Task Booking_creation_documents_its_header_body_and_errors()
    {
        var operation = Operation(await DocumentAsync(), "post", "/api/bookings/bookings/")!.Value;
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        foreach (var status in new[] { "201", "200", "400", "401", "402", "403", "409", "429" })
        {
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"documents {status}");
        }
    }

    [Fact]
    public async Task Availability_documents_its_query_parameters_in_snake_case()
    {
        var operation = Operation(await DocumentAsync(), "get", "/api/bookings/availabilities/")!.Value;
        var names = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["date", "days", "lat", "lng", "provider", "service"], names.Order().ToList());
    }

    [Fact]
    public async Task Nullable_request_members_are_documented_as_optional()
    {
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("CreateBookingRequest");
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("customer_notes").GetProperty("type")[1].GetString());
        Assert.False(schema.TryGetProperty("required", out var required) && required.EnumerateArray().Any(r => r.GetString() == "booking_date"));
    }

    [Fact]
    public async Task The_api_reference_page_lists_routes()
    {
        var html = await (await factory.CreateClient().GetAsync("/api-docs")).Content.ReadAsStringAsync();
        Assert.True(html.Contains("/api/bookings/bookings/{id}/confirm/"), html[html.IndexOf("<main", StringComparison.Ordinal)..][..3000]);
        Assert.Contains("/api/providers/me/schedule/", html);
    }

    private static JsonElement Schema(JsonElement document, string name) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToList();

    [Fact]
    public async Task Create_booking_requires_service_provider_and_start_time_and_a_patch_requires_nothing()
    {
        var document = await DocumentAsync();

        var create = Strings(Schema(document, "CreateBookingRequest").GetProperty("required"));
        var patchRequires = Schema(document, "UpdateBookingRequest").TryGetProperty("required", out var required) ? Strings(required) : [];

        Assert.Equal(["provider", "service", "start_time"], create.Order().ToList());
        Assert.Empty(patchRequires);
    }

    [Fact]
    public async Task Statuses_payment_methods_and_roles_are_enums_of_their_wire_names()
    {
        var document = await DocumentAsync();

        var status = Strings(Schema(document, "BookingView").GetProperty("properties").GetProperty("status").GetProperty("enum"));
        var method = Strings(Schema(document, "CreateBookingRequest").GetProperty("properties").GetProperty("payment_method").GetProperty("enum"));
        var role = Strings(Schema(document, "RegisterRequest").GetProperty("properties").GetProperty("role").GetProperty("enum"));
        var filter = Operation(document, "get", "/api/bookings/bookings/")!.Value.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "status").GetProperty("schema").GetProperty("enum");

        Assert.Equal(["cancelled", "completed", "confirmed", "in_progress", "no_show", "pending", "rescheduled"], status.Order().ToList());
        Assert.Equal(["on_completion", "card"], method.Where(m => m is not null).ToList());
        Assert.Equal(["customer", "provider"], role.Where(r => r is not null).ToList());
        Assert.Equal(status.Order().ToList(), Strings(filter).Order().ToList());
    }

    [Fact]
    public async Task Bounds_and_lengths_are_documented_from_the_rules_the_domain_checks()
    {
        var document = await DocumentAsync();
        var rating = Schema(document, "ReviewRequest").GetProperty("properties").GetProperty("rating");
        var notes = Schema(document, "CreateBookingRequest").GetProperty("properties").GetProperty("customer_notes");
        JsonElement Query(string path, string name) => Operation(document, "get", path)!.Value.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("schema");

        Assert.Equal((1, 5), (rating.GetProperty("minimum").GetInt32(), rating.GetProperty("maximum").GetInt32()));
        Assert.Equal(2000, notes.GetProperty("maxLength").GetInt32());
        Assert.Equal(100, Query("/api/bookings/bookings/", "page_size").GetProperty("maximum").GetInt32());
        Assert.Equal(31, Query("/api/bookings/availabilities/", "days").GetProperty("maximum").GetInt32());
        Assert.Equal(1, Query("/api/services/categories/", "page").GetProperty("minimum").GetInt32());
    }
}
