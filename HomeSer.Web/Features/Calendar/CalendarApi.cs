using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HomeSer.Web.Features.Calendar;

/// <summary>
/// Calendar files: a booking's <c>.ics</c> for its parties, the caller's feed URL and its rotation, and the feed itself at
/// <c>/calendar/{token}.ics</c> (no sign-in: calendar apps cannot send a bearer token, so the token is the key).
/// </summary>
public static class CalendarApi
{
    public const string FeedRateLimitPolicy = "calendar-feed";

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/bookings/bookings/{id:int}/calendar.ics", BookingFileAsync).WithTags("Bookings").RequireAuthorization()
            .WithName("GetBookingCalendar")
            .WithSummary("The booking as an iCalendar file (REQUEST, or CANCEL once cancelled) for its customer, its provider or an admin; ETag, If-None-Match answers 304.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            // The file result honours If-Match too: a tag that is not the file's answers 412 (a problem, like every error here).
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);

        var me = routes.MapGroup("/api/auth/me/calendar-feed").WithTags("Auth").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/", FeedUrlAsync).WithName("GetCalendarFeed")
            .WithSummary("The absolute URL of my private calendar feed (made on first call) for a calendar app to subscribe to.");
        me.MapPost("/rotate/", RotateAsync).WithName("RotateCalendarFeed")
            .WithSummary("Replace my feed's secret URL; the old one answers 404 from now on.");

        routes.MapGet("/calendar/{token}.ics", FeedAsync).WithTags("Auth").AllowAnonymous().RequireRateLimiting(FeedRateLimitPolicy)
            .WithName("GetCalendarFeedFile")
            .WithSummary("A private calendar feed by its secret token: the owner's bookings and jobs from 30 days ago on; an unknown or replaced token is 404.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> BookingFileAsync(int id, CalendarService calendars, [AsParameters] ApiCall api)
    {
        var found = await api.OkAsync((actor, ct) => calendars.BookingFileAsync(actor, id, ct));
        return found.Result is Ok<CalendarFile> { Value: { } file } ? File(api.Http, file, attachment: true) : (ProblemHttpResult)found.Result;
    }

    private static Task<Results<Ok<CalendarFeedView>, ProblemHttpResult>> FeedUrlAsync(CalendarService calendars, [AsParameters] ApiCall api) =>
        api.OkAsync(async (actor, ct) => Result<CalendarFeedView>.Ok(await calendars.FeedUrlAsync(actor.UserId, ct)));

    private static Task<Results<Ok<CalendarFeedView>, ProblemHttpResult>> RotateAsync(CalendarService calendars, [AsParameters] ApiCall api) =>
        api.OkAsync(async (actor, ct) => Result<CalendarFeedView>.Ok(await calendars.RotateAsync(actor.UserId, ct)));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FeedAsync(string token, CalendarService calendars, [AsParameters] ApiCall api) =>
        await calendars.FeedAsync(token, api.CancellationToken) is { } feed
            ? File(api.Http, feed, attachment: false)
            : api.Problem(DomainError.NotFound("Calendar feed"));

    /// <summary>The file with its ETag; the file result itself answers a matching If-None-Match with 304.</summary>
    private static FileContentHttpResult File(HttpContext http, CalendarFile file, bool attachment)
    {
        // Personal data: no shared cache may keep it, but the client may revalidate with the ETag.
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Bytes(file.Content, BookingCalendar.ContentType, attachment ? file.FileName : null,
            entityTag: EntityTagHeaderValue.Parse(file.ETag));
    }
}
