using System.Globalization;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Features.Waitlist;

/// <summary><c>date</c> is <c>YYYY-MM-DD</c>; <c>earliest</c>/<c>latest</c> are provider-local <c>HH:mm</c> on that date (default: the whole day).</summary>
public sealed record JoinWaitlistRequest(int? Provider, int? Service, string? Date, string? Earliest, string? Latest);

/// <summary>Optional: notes and how to pay, as for a booking; the job is at the customer's home address.</summary>
public sealed record ClaimOfferRequest(string? CustomerNotes, string? PaymentMethod, string? PaymentToken);

/// <summary>The waitlist under /api/bookings/waitlist: join, mine, leave, claim an offered start.</summary>
public static class WaitlistApi
{
    public static IEndpointRouteBuilder MapWaitlistApi(this IEndpointRouteBuilder routes)
    {
        var waitlist = routes.MapGroup("/api/bookings/waitlist").WithTags("Bookings").RequireAuthorization();
        waitlist.MapPost("/", JoinAsync).WithName("JoinWaitlist")
            .WithSummary("Join a provider's waitlist for a service on a date (customers only), optionally within a provider-local time window.")
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict);
        waitlist.MapGet("/", ListAsync).WithName("ListMyWaitlist")
            .WithSummary("My waitlist entries with their offers, the latest date first.");
        waitlist.MapGet("/{id:int}/", GetAsync).WithName("GetWaitlistEntry")
            .WithSummary("One of my waitlist entries.");
        waitlist.MapDelete("/{id:int}/", LeaveAsync).WithName("LeaveWaitlist")
            .WithSummary("Leave the waitlist; a start held for this entry passes to the next in line.");
        waitlist.MapPost("/{id:int}/claim/", ClaimAsync).WithName("ClaimWaitlistOffer")
            .WithSummary("Book the start held for this entry (201 booking, entry claimed); every booking rule applies.")
            .RequireRateLimiting(BookingsApi.CreateRateLimitPolicy)
            .Fails(ErrorKind.Forbidden, ErrorKind.Conflict, ErrorKind.NotModifiable, ErrorKind.PaymentFailed, ErrorKind.PendingLimit);
        return routes;
    }

    public static Task<Results<Created<WaitlistEntryView>, ProblemHttpResult>> JoinAsync(
        JoinWaitlistRequest request, WaitlistService waitlist, [AsParameters] ApiCall api) =>
        api.CreatedAsync((actor, ct) => Parse(request) is { Error: { } invalid } ? Task.FromResult(Result<WaitlistEntryView>.Fail(invalid))
                : waitlist.JoinAsync(actor, Parse(request).Value!, ct),
            entry => $"/api/bookings/waitlist/{entry.Id}/");

    public static Task<Results<Ok<PageResponse<WaitlistEntryView>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery paging, WaitlistService waitlist, [AsParameters] ApiCall api) =>
        api.PageAsync(paging, (actor, page, ct) => waitlist.ListAsync(actor, page, ct));

    public static Task<Results<Ok<WaitlistEntryView>, ProblemHttpResult>> GetAsync(int id, WaitlistService waitlist, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => waitlist.GetAsync(actor, id, ct));

    public static Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(int id, WaitlistService waitlist, [AsParameters] ApiCall api) =>
        api.NoContentAsync((actor, ct) => waitlist.WithdrawAsync(actor, id, ct));

    public static Task<Results<Created<BookingView>, ProblemHttpResult>> ClaimAsync(
        int id, [FromBody] ClaimOfferRequest? request, WaitlistService waitlist, [AsParameters] ApiCall api) =>
        api.CreatedAsync((actor, ct) => waitlist.ClaimAsync(actor, id, new ClaimOfferCommand(request?.CustomerNotes, request?.PaymentMethod, request?.PaymentToken), ct),
            booking => $"/api/bookings/bookings/{booking.Id}/");

    /// <summary>The wire's strings as the domain's types, each bad one named.</summary>
    public static Result<JoinWaitlistCommand> Parse(JoinWaitlistRequest request)
    {
        var errors = new FieldErrors();
        DateOnly? date = null;
        if (request.Date is not null)
        {
            if (CalendarDates.TryParseDate(request.Date, out var parsed))
            {
                date = parsed;
            }
            else
            {
                errors.Add("date", CalendarDates.DateMessage);
            }
        }
        var earliest = Time(request.Earliest, "earliest", errors);
        var latest = Time(request.Latest, "latest", errors);
        return errors.Any ? errors.ToError() : new JoinWaitlistCommand(request.Provider, request.Service, date, earliest, latest);
    }

    private static TimeOnly? Time(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }
        if (TimeOnly.TryParseExact(value.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        errors.Add(field, $"{field} must be a provider-local time HH:mm, e.g. 09:30.");
        return null;
    }
}
