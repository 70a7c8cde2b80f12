using System.ComponentModel.DataAnnotations;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Features.Bookings;

/// <summary><c>frequency</c>: weekly, every_2_weeks or every_4_weeks; <c>count</c>: 2 to 26 visits.</summary>
public sealed record RecurrenceInput(
    [property: Required(ErrorMessage = "recurrence.frequency is required: weekly, every_2_weeks, every_4_weeks."),
        WireEnum("weekly", "every_2_weeks", "every_4_weeks", ErrorMessage = "recurrence.frequency must be one of weekly, every_2_weeks, every_4_weeks.")] string? Frequency,
    [property: Required(ErrorMessage = "recurrence.count is required (2 to 26 visits)."),
        Range(Recurrence.MinCount, Recurrence.MaxCount, ErrorMessage = "recurrence.count must be between {1} and {2}.")] int? Count);

/// <summary>A single create's body plus <c>recurrence</c> and <c>allow_partial</c>.</summary>
public sealed record CreateSeriesRequest(
    [property: Required(ErrorMessage = "service is required.")] int? Service,
    [property: Required(ErrorMessage = "provider is required.")] int? Provider,
    [property: Required(ErrorMessage = "start_time is required.")] DateTime? StartTime,
    int? Duration,
    [property: MaxLength(BookingValidationService.MaxNotesLength, ErrorMessage = "customer_notes may be at most {1} characters.")] string? CustomerNotes,
    AddressInput? Address,
    [property: Required(ErrorMessage = "recurrence is required: {{\"frequency\": \"weekly\"|\"every_2_weeks\"|\"every_4_weeks\", \"count\": 2..26}}.")] RecurrenceInput? Recurrence,
    bool? AllowPartial,
    // A series is paid on completion of each visit; card is refused with a 400 naming the reason.
    [property: WireEnum("on_completion", "card", ErrorMessage = "payment_method must be \"on_completion\" or \"card\".")] string? PaymentMethod = null,
    string? PaymentToken = null);

public sealed record CancelSeriesRequest(
    [property: MaxLength(BookingValidationService.MaxReasonLength, ErrorMessage = "reason may be at most {1} characters.")] string? Reason,
    DateTime? From);

/// <summary>Recurring visits under /api/bookings/series (CONTRACT.md "Recurring visits").</summary>
public static class SeriesApi
{
    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder routes)
    {
        var series = routes.MapGroup("/api/bookings/series").WithTags("Bookings").RequireAuthorization();
        series.MapPost("/", CreateSeriesAsync).WithName("CreateBookingSeries")
            .WithSummary("Book 2-26 visits every 1, 2 or 4 weeks at the same provider-local time (customers only); all or nothing unless "
                + "allow_partial. 409 lists the visits that cannot be booked under conflicts. Visits are paid on completion: payment_method "
                + "card is a 400. A retry with the same Idempotency-Key answers 200 with the first series.")
            .RequireRateLimiting(BookingsApi.CreateRateLimitPolicy)
            .Produces<SeriesView>(StatusCodes.Status200OK)
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.PendingLimit, ErrorKind.IdempotencyKeyReused);
        series.MapGet("/{id:int}/", GetSeriesAsync).WithName("GetBookingSeries")
            .WithSummary("One series with its visits (its customer, its provider or an admin).");
        series.MapPost("/{id:int}/cancel/", CancelSeriesAsync).WithName("CancelBookingSeries")
            .WithSummary("Cancel every visit starting at or after from (default now) that may still be cancelled; the others stay as they are.")
            .Fails(ErrorKind.Forbidden);
        return routes;
    }

    public static async Task<Results<Created<SeriesView>, Ok<SeriesView>, ProblemHttpResult>> CreateSeriesAsync(
        CreateSeriesRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        BookingSeriesService series,
        [AsParameters] ApiCall api)
    {
        var command = new CreateSeriesCommand(
            new CreateBookingCommand(request.Service, request.Provider, null, request.StartTime, request.Duration, request.CustomerNotes,
                request.PaymentMethod, request.PaymentToken, idempotencyKey, request.Address),
            request.Recurrence?.Frequency, request.Recurrence?.Count, request.Recurrence is not null, request.AllowPartial ?? false);
        var created = await api.OkAsync((actor, ct) => series.CreateAsync(actor, command, ct));
        if (created.Result is not Ok<CreatedSeries> { Value: { } done })
        {
            return (ProblemHttpResult)created.Result;
        }
        var location = $"/api/bookings/series/{done.Series.Id}/";
        if (done.Replayed)
        {
            api.Http.Response.Headers.Location = location;
            return TypedResults.Ok(done.Series);
        }
        return TypedResults.Created(location, done.Series);
    }

    public static Task<Results<Ok<SeriesView>, ProblemHttpResult>> GetSeriesAsync(int id, BookingSeriesService series, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => series.GetAsync(actor, id, ct));

    public static Task<Results<Ok<SeriesView>, ProblemHttpResult>> CancelSeriesAsync(
        int id, [FromBody] CancelSeriesRequest? request, BookingSeriesService series, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => series.CancelAsync(actor, id, request?.Reason, request?.From, ct));
}
