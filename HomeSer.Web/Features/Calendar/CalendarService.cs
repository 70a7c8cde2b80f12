using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Calendar;

/// <summary>An iCalendar file ready to send: its text, a file name and a strong ETag of its bytes.</summary>
public sealed record CalendarFile(byte[] Content, string FileName, string ETag, CalendarMethod? Method)
{
    public static CalendarFile Of(string text, string fileName, CalendarMethod? method)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new CalendarFile(bytes, fileName, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"", method);
    }

    /// <summary>The MIME type of a mail attachment, with the method a mail client needs to offer "add" or "remove".</summary>
    public string MailContentType => Method switch
    {
        CalendarMethod.Cancel => "text/calendar; method=CANCEL; charset=utf-8",
        CalendarMethod.Request => "text/calendar; method=REQUEST; charset=utf-8",
        _ => BookingCalendar.ContentType,
    };
}

/// <summary><c>GET /api/auth/me/calendar-feed/</c>: the absolute URL of the caller's private feed.</summary>
public sealed record CalendarFeedView(string Url);

/// <summary>
/// Calendar files of bookings (a download, a mail attachment) and each user's private feed: reads the booking with its
/// names and zone, asks <see cref="BookingCalendar"/> for the text.
/// </summary>
public sealed class CalendarService(HomeSerDbContext db, PublicOrigin origin, IDataProtectionProvider protection, IOptions<EmailOptions> email,
    TimeProvider clock)
{
    /// <summary>How far back a feed reaches: the last month's jobs stay visible in the subscribed calendar.</summary>
    public const int FeedDaysBack = 30;

    private IDataProtector Protector => protection.CreateProtector(FeedTokens.Purpose);

    /// <summary>The booking's file for one of its parties (or an admin); anyone else gets the same 404 as for the booking.</summary>
    public async Task<Result<CalendarFile>> BookingFileAsync(Actor actor, int bookingId, CancellationToken ct)
    {
        var facts = await FactsAsync(db.Bookings.Where(b => b.Id == bookingId), ct);
        if (facts is not [var found] || found.Booking.PartyOf(actor) is not (var party and not BookingParty.None))
        {
            return DomainError.NotFound("Booking");
        }
        return BookingFile(found, party);
    }

    /// <summary>
    /// The attachment of a mail about a booking to <paramref name="userId"/>, with the booking as it is when the mail is
    /// sent: a later change already has a higher SEQUENCE, so an old mail sent late never wins over a newer file.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, CalendarFile>> MailFilesAsync(IReadOnlyCollection<(int NotificationId, int UserId, int BookingId)> mails,
        CancellationToken ct)
    {
        if (mails.Count == 0)
        {
            return new Dictionary<int, CalendarFile>();
        }
        var ids = mails.Select(m => m.BookingId).Distinct().ToList();
        var bookings = (await FactsAsync(db.Bookings.Where(b => ids.Contains(b.Id)), ct)).ToDictionary(f => f.Booking.Id);
        var providerUsers = await db.Providers.AsNoTracking().Where(p => bookings.Values.Select(f => f.Booking.ProviderId).Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.UserId, ct);
        var files = new Dictionary<int, CalendarFile>();
        foreach (var mail in mails)
        {
            if (!bookings.TryGetValue(mail.BookingId, out var facts))
            {
                continue;
            }
            var party = mail.UserId == facts.Booking.CustomerId ? BookingParty.Customer
                : providerUsers.GetValueOrDefault(facts.Booking.ProviderId) == mail.UserId ? BookingParty.Provider
                : BookingParty.None;
            if (party != BookingParty.None)
            {
                files[mail.NotificationId] = BookingFile(facts, party);
            }
        }
        return files;
    }

    /// <summary>
    /// The feed behind a token, or null for a token that is unknown, rotated away or malformed: a provider's jobs and a
    /// customer's bookings that were not cancelled or missed, from <see cref="FeedDaysBack"/> days ago on.
    /// </summary>
    public async Task<CalendarFile?> FeedAsync(string token, CancellationToken ct)
    {
        if (!FeedTokens.IsWellFormed(token))
        {
            return null;
        }
        var hash = FeedTokens.Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        if (feed is null || !feed.Opens(token))
        {
            return null;
        }
        var userId = feed.UserId;
        var providerId = await db.Providers.AsNoTracking().Where(p => p.UserId == userId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-FeedDaysBack);
        var query = db.Bookings
            .Where(b => b.CustomerId == userId || (providerId != null && b.ProviderId == providerId))
            .Where(b => b.Status != BookingStatus.Cancelled && b.Status != BookingStatus.NoShow && b.ScheduledEndUtc >= since)
            .OrderBy(b => b.StartUtc).ThenBy(b => b.Id);
        var entries = (await FactsAsync(query, ct))
            .Select(f => BookingCalendar.Entry(f, f.Booking.CustomerId == userId ? BookingParty.Customer : BookingParty.Provider, origin.Origin))
            .ToList();
        return CalendarFile.Of(BookingCalendar.Write(null, entries, Organizer(), "HomeSer bookings"), "homeser.ics", null);
    }

    /// <summary>The caller's feed URL; the first call makes the feed.</summary>
    public async Task<CalendarFeedView> FeedUrlAsync(int userId, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.UserId == userId, ct);
        if (feed is not null && Unprotect(feed.ProtectedToken) is { } token && feed.Opens(token))
        {
            return View(token);
        }
        // No feed yet, or its token cannot be read back any more (the key ring was lost): a new one.
        return await IssueAsync(userId, feed, ct);
    }

    /// <summary>Replaces the caller's token: the old URL answers 404 from now on.</summary>
    public async Task<CalendarFeedView> RotateAsync(int userId, CancellationToken ct) =>
        await IssueAsync(userId, await db.CalendarFeeds.FirstOrDefaultAsync(f => f.UserId == userId, ct), ct);

    private async Task<CalendarFeedView> IssueAsync(int userId, CalendarFeed? feed, CancellationToken ct)
    {
        var token = FeedTokens.New();
        var now = clock.GetUtcNow().UtcDateTime;
        if (feed is null)
        {
            db.CalendarFeeds.Add(CalendarFeed.Create(userId, token, Protector.Protect(token), now));
        }
        else
        {
            feed.Rotate(token, Protector.Protect(token), now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (feed is null)
        {
            // Two first calls at once: the other one made the feed; show that one.
            db.ChangeTracker.Clear();
            return await FeedUrlAsync(userId, ct);
        }
        return View(token);
    }

    private CalendarFeedView View(string token) => new(origin.Url($"calendar/{token}.ics"));

    private string? Unprotect(string protectedToken)
    {
        try
        {
            return Protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private CalendarFile BookingFile(BookingFacts facts, BookingParty party)
    {
        var method = BookingCalendar.MethodFor(facts.Booking.Status);
        var text = BookingCalendar.Write(method, [BookingCalendar.Entry(facts, party, origin.Origin)], Organizer());
        return CalendarFile.Of(text, string.Create(CultureInfo.InvariantCulture, $"booking-{facts.Booking.Id}.ics"), method);
    }

    private string? Organizer()
    {
        try
        {
            return new MailAddress(email.Value.From).Address;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task<List<BookingFacts>> FactsAsync(IQueryable<Booking> bookings, CancellationToken ct) =>
        (await bookings.AsNoTracking()
            .Select(b => new { Booking = b, Service = b.Service!.Name, Provider = b.Provider!.DisplayName, Customer = b.Customer!.DisplayName, Zone = b.Provider.TimeZoneId })
            .ToListAsync(ct))
        .Select(row => new BookingFacts(row.Booking, row.Service, row.Provider, row.Customer, row.Zone))
        .ToList();
}
