using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Features.Bookings;

// Request bodies: every member nullable, so a missing value reaches the domain's field validation and a mistyped one
// fails JSON binding with the field named. Unknown members are ignored.

/// <summary><c>booking_date</c> is <c>YYYY-MM-DD</c>; the seed's full instant form is accepted too (its written date is used).</summary>
/// <c>address</c> is where the job is; without it the customer's home address is used (or none).
public sealed record CreateBookingRequest(
    [property: Required(ErrorMessage = "service is required.")] int? Service,
    [property: Required(ErrorMessage = "provider is required.")] int? Provider,
    string? BookingDate,
    [property: Required(ErrorMessage = "start_time is required.")] DateTime? StartTime,
    int? Duration,
    [property: MaxLength(BookingValidationService.MaxNotesLength, ErrorMessage = "customer_notes may be at most {1} characters.")] string? CustomerNotes,
    [property: WireEnum("on_completion", "card", ErrorMessage = "payment_method must be \"on_completion\" or \"card\".")] string? PaymentMethod,
    string? PaymentToken,
    AddressInput? Address = null);

/// <summary>A PATCH: every member optional.</summary>
public sealed record UpdateBookingRequest(
    [property: MaxLength(BookingValidationService.MaxNotesLength, ErrorMessage = "customer_notes may be at most {1} characters.")] string? CustomerNotes,
    [property: MaxLength(BookingValidationService.MaxNotesLength, ErrorMessage = "provider_notes may be at most {1} characters.")] string? ProviderNotes,
    DateTime? StartTime, int? Duration, int? Version,
    AddressInput? Address = null);
public sealed record CancelBookingRequest(
    [property: MaxLength(BookingValidationService.MaxReasonLength, ErrorMessage = "reason may be at most {1} characters.")] string? Reason);
public sealed record ReviewRequest(
    [property: Required(ErrorMessage = "rating is required."), Range(1, 5, ErrorMessage = "rating must be between {1} and {2}.")] int? Rating,
    [property: MaxLength(ReviewService.MaxCommentLength, ErrorMessage = "comment may be at most {1} characters.")] string? Comment);

/// <summary>Query of <c>GET /api/bookings/availabilities/</c>; <c>date</c> is <c>YYYY-MM-DD</c>.</summary>
public sealed record AvailabilityQuery(
    [property: Required(ErrorMessage = "Required: the provider id (?provider=).")][FromQuery(Name = "provider")] int? Provider,
    [property: WireDate][FromQuery(Name = "date")] string? Date,
    [property: Range(1, AvailabilityService.MaxDays, ErrorMessage = "Must be between {1} and {2}.")][FromQuery(Name = "days")] int? Days,
    [FromQuery(Name = "service")] int? Service,
    [property: Range(-90d, 90d, ErrorMessage = "lat must be between -90 and 90 and lng between -180 and 180.")][FromQuery(Name = "lat")] double? Lat,
    [property: Range(-180d, 180d, ErrorMessage = "lat must be between -90 and 90 and lng between -180 and 180.")][FromQuery(Name = "lng")] double? Lng);

/// <summary>The seed's booking routes under /api/bookings, plus the lifecycle moves and reviews.</summary>
public static class BookingsApi
{
    public const string CreateRateLimitPolicy = "bookings-create";
    public const string CreateEndpointName = "CreateBooking";

    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/bookings").WithTags("Bookings").RequireAuthorization();

        api.MapGet("/availabilities/", GetAvailabilityAsync).WithName("GetAvailability")
            .WithSummary("Free slots of a provider for one or more days (provider-local), sized by a service where given.")
            .Fails(ErrorKind.Forbidden);

        var bookings = api.MapGroup("/bookings");
        bookings.MapGet("/", ListBookingsAsync).WithName("ListBookings")
            .WithSummary("The caller's bookings, newest start first; filter by ?status=.");
        bookings.MapPost("/", CreateBookingAsync).WithName(CreateEndpointName)
            .WithSummary("Book a slot (customers only). 201 with Location; a retry with the same Idempotency-Key answers 200 with the first booking.")
            .RequireRateLimiting(CreateRateLimitPolicy)
            .Produces<BookingView>(StatusCodes.Status200OK)
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.PaymentFailed, ErrorKind.PendingLimit, ErrorKind.IdempotencyKeyReused);
        bookings.MapGet("/{id:int}/", GetBookingAsync).WithName("GetBooking")
            .WithSummary("One booking (its customer, its provider or an admin); ETag is its version, If-None-Match answers 304.")
            .Produces(StatusCodes.Status304NotModified);
        bookings.MapPatch("/{id:int}/", UpdateBookingAsync).WithName("UpdateBooking")
            .WithSummary("Change notes or reschedule; send the version in If-Match or in \"version\".")
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.NotModifiable, ErrorKind.PaymentFailed);
        bookings.MapPost("/{id:int}/cancel/", CancelBookingAsync).WithName("CancelBooking")
            .WithSummary("Cancel with an optional reason.")
            .Fails(ErrorKind.Forbidden, ErrorKind.NotModifiable);
        MapMove(bookings, "confirm", "ConfirmBooking", "The provider (or an admin) accepts the booking.", ConfirmBookingAsync);
        MapMove(bookings, "start", "StartBooking", "The provider starts the job.", StartBookingAsync);
        MapMove(bookings, "complete", "CompleteBooking", "The provider finishes the job; payment is captured.", CompleteBookingAsync);
        MapMove(bookings, "no-show", "MarkBookingNoShow", "The customer did not show up (after the start time).", MarkNoShowAsync);
        bookings.MapPost("/{id:int}/review/", ReviewBookingAsync).WithName("ReviewBooking")
            .WithSummary("The customer rates a completed booking, once.")
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.NotModifiable);
        return routes;
    }

    private static void MapMove(RouteGroupBuilder bookings, string verb, string name, string summary, Delegate handler) =>
        bookings.MapPost($"/{{id:int}}/{verb}/", handler).WithName(name).WithSummary(summary)
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.NotModifiable);

    public static Task<Results<Ok<AvailabilityView>, ProblemHttpResult>> GetAvailabilityAsync(
        [AsParameters] AvailabilityQuery query, AvailabilityService availability, HomeAddresses homes, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => AvailabilityAsync(query, actor, availability, homes, ct));

    private static async Task<Result<AvailabilityView>> AvailabilityAsync(
        AvailabilityQuery query, Actor actor, AvailabilityService availability, HomeAddresses homes, CancellationToken ct)
    {
        if (!(actor.IsCustomer || actor.IsProvider || actor.IsAdmin))
        {
            return DomainError.Forbidden("Only customers, providers and admins can see availability.");
        }
        // Each value's own rules were checked by its annotations; what is left is how lat and lng go together.
        GeoPoint? from = null;
        switch (query.Lat, query.Lng)
        {
            case ({ } lat, { } lng) when GeoPoint.IsValid(lat, lng):
                from = new GeoPoint(lat, lng);
                break;
            case (null, null):
                // Starts reachable from the customer's home, when they saved one.
                from = actor.IsCustomer ? (await homes.GetAsync(actor.UserId, ct))?.Place : null;
                break;
            case ({ }, { }):
                return DomainError.Validation("lat", "lat must be between -90 and 90 and lng between -180 and 180.");
            default:
                return DomainError.Validation(query.Lat is null ? "lat" : "lng", "Send both lat and lng, or neither.");
        }
        DateOnly? date = CalendarDates.TryParseDate(query.Date, out var parsed) ? parsed : null;
        var slots = await availability.GetSlotsAsync(query.Provider!.Value, date, query.Days ?? 1, query.Service, ct, from);
        // The provider is a query parameter, not the resource: an unknown one is a bad value, as for booking creation.
        return slots.Error is { Kind: ErrorKind.NotFound } ? DomainError.Validation("provider", $"Provider {query.Provider} does not exist.") : slots;
    }

    public static Task<Results<Ok<PageResponse<BookingView>>, ProblemHttpResult>> ListBookingsAsync(
        [AsParameters] PageQuery paging, string? status, BookingService bookings, [AsParameters] ApiCall api) =>
        api.PageAsync(paging, async (actor, page, ct) =>
            (await bookings.ListAsync(actor, new BookingListQuery(status, page.Page, page.PageSize), ct)).Map(list => new PagedList<BookingView>(list.Count, list.Results)));

    public static async Task<Results<Created<BookingView>, Ok<BookingView>, ProblemHttpResult>> CreateBookingAsync(
        CreateBookingRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        BookingService bookings,
        [AsParameters] ApiCall api)
    {
        var created = await api.OkAsync<CreatedBooking>(async (actor, ct) =>
        {
            if (!actor.IsCustomer)
            {
                return DomainError.Forbidden("Only customers can book.");
            }
            var bookingDate = ParseBookingDate(request.BookingDate);
            if (bookingDate.Error is { } badDate)
            {
                return badDate;
            }
            var command = new CreateBookingCommand(
                request.Service, request.Provider, bookingDate.Value, request.StartTime, request.Duration,
                request.CustomerNotes, request.PaymentMethod, request.PaymentToken, idempotencyKey, request.Address);
            return await bookings.CreateAsync(actor, command, ct);
        });
        if (created.Result is not Ok<CreatedBooking> { Value: { } done })
        {
            return (ProblemHttpResult)created.Result;
        }
        var location = $"/api/bookings/bookings/{done.Booking.Id}/";
        if (done.Replayed)
        {
            // A replay creates nothing, so it is not "201 Created": same body, 200, and the same Location for convenience.
            api.Http.Response.Headers.Location = location;
            return TypedResults.Ok(done.Booking);
        }
        return TypedResults.Created(location, done.Booking);
    }

    /// <summary>The booking with its version as a strong ETag; If-None-Match with the current one is 304, no body.</summary>
    public static async Task<Results<Ok<BookingView>, StatusCodeHttpResult, ProblemHttpResult>> GetBookingAsync(
        int id, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, BookingService bookings, [AsParameters] ApiCall api)
    {
        var found = await api.OkAsync((actor, ct) => bookings.GetAsync(actor, id, ct));
        if (found.Result is not Ok<BookingView> { Value: { } booking } ok)
        {
            return (ProblemHttpResult)found.Result;
        }
        var etag = $"\"{booking.Version.ToString(CultureInfo.InvariantCulture)}\"";
        api.Http.Response.Headers.ETag = etag;
        var matches = ifNoneMatch?.Split(',').Select(tag => tag.Trim()).Any(tag => tag == "*" || tag == etag || tag == "W/" + etag) == true;
        return matches ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : ok;
    }

    public static async Task<Results<Ok<BookingView>, ProblemHttpResult>> UpdateBookingAsync(
        int id, UpdateBookingRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, BookingService bookings, [AsParameters] ApiCall api)
    {
        var version = request.Version;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (ParseVersion(ifMatch) is not { } headerVersion)
            {
                return api.Problem(DomainError.Validation("version", "If-Match must carry the booking's version, e.g. If-Match: \"3\"."));
            }
            if (version is { } bodyVersion && bodyVersion != headerVersion)
            {
                return api.Problem(DomainError.Validation("version", "If-Match and \"version\" disagree."));
            }
            version = headerVersion;
        }
        var patch = new BookingPatch(request.CustomerNotes, request.ProviderNotes, request.StartTime, request.Duration, version, request.Address);
        return await api.OkAsync((actor, ct) => bookings.UpdateAsync(actor, id, patch, ct));
    }

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> CancelBookingAsync(
        int id, [FromBody] CancelBookingRequest? request, BookingService bookings, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => bookings.CancelAsync(actor, id, request?.Reason, ct));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> ConfirmBookingAsync(int id, BookingService bookings, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => bookings.ConfirmAsync(actor, id, ct));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> StartBookingAsync(int id, BookingService bookings, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => bookings.StartAsync(actor, id, ct));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> CompleteBookingAsync(int id, BookingService bookings, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => bookings.CompleteAsync(actor, id, ct));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> MarkNoShowAsync(int id, BookingService bookings, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => bookings.MarkNoShowAsync(actor, id, ct));

    public static Task<Results<Created<ReviewView>, ProblemHttpResult>> ReviewBookingAsync(
        int id, ReviewRequest request, ReviewService reviews, [AsParameters] ApiCall api) =>
        api.CreatedAsync((actor, ct) => reviews.CreateAsync(actor, id, request, ct), review => $"/api/providers/{review.Provider}/reviews/");

    private static Result<DateOnly?> ParseBookingDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Result<DateOnly?>.Ok(null);
        }
        if (CalendarDates.TryParseDate(value, out var date))
        {
            return Result<DateOnly?>.Ok(date);
        }
        // The seed's example sends booking_date as a full instant; its written calendar date is what the client means.
        if (value.Length is > 10 and <= 40 && value[10] == 'T'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && CalendarDates.IsSupported(DateOnly.FromDateTime(instant.DateTime)))
        {
            return Result<DateOnly?>.Ok(DateOnly.FromDateTime(instant.DateTime));
        }
        return DomainError.Validation("booking_date", CalendarDates.DateMessage);
    }

    /// <summary>Accepts <c>"3"</c>, <c>W/"3"</c> or a bare <c>3</c>.</summary>
    private static int? ParseVersion(string ifMatch)
    {
        var value = ifMatch.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
