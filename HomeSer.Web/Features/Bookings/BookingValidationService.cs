using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Bookings;

/// <summary>A create request that passed every field rule; the time still has to be checked against the calendar.</summary>
public sealed record BookingDraft(ProviderProfile Provider, Service Service, ProviderSchedule Schedule, DateTime StartUtc, int DurationMinutes,
    DateOnly BookingDate, string CustomerNotes, PaymentMethod PaymentMethod, string? PaymentToken, long PriceCents, ServiceAddress? Address);

/// <summary>Collects every field error of a request before answering, so a client fixes all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many fields have errors so far.</summary>
    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public DomainError ToError() => DomainError.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

/// <summary>The seed's BookingValidationService: every field rule of creating and changing a booking, and the calendar check.</summary>
public sealed class BookingValidationService(HomeSerDbContext db, AvailabilityService availability, CalendarLoader calendars, PaymentProcessor payments)
{
    /// <summary>The <c>reason</c> of a 409 for a place the provider does not serve.</summary>
    public const string OutsideServiceArea = "outside_service_area";

    public const int MaxNotesLength = 2000;
    public const int MaxReasonLength = 500;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>
    /// Checks a create command field by field (all errors reported together). With <paramref name="track"/> the provider
    /// is loaded for update, since the booking transaction bumps its schedule version.
    /// </summary>
    public async Task<Result<BookingDraft>> ValidateCreateAsync(Actor actor, CreateBookingCommand command, DateTime now, bool track, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var address = command.Address is { } sent
            ? ServiceAddress.Resolve(sent, errors)
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.HomeAddress).FirstOrDefaultAsync(ct);
        Service? service = null;
        ProviderProfile? provider = null;

        if (command.ServiceId is not { } serviceId)
        {
            errors.Add("service", "service is required.");
        }
        else
        {
            service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct);
            if (service is null)
            {
                errors.Add("service", $"Service {serviceId} does not exist.");
            }
            else if (!service.IsActive)
            {
                errors.Add("service", "This service is not offered any more.");
            }
        }

        if (command.ProviderId is not { } providerId)
        {
            errors.Add("provider", "provider is required.");
        }
        else
        {
            var providers = track ? db.Providers : db.Providers.AsNoTracking();
            provider = await providers.FirstOrDefaultAsync(p => p.Id == providerId, ct);
            if (provider is null)
            {
                errors.Add("provider", $"Provider {providerId} does not exist.");
            }
            else if (!provider.IsActive)
            {
                errors.Add("provider", "This provider does not take bookings at the moment.");
            }
            else if (!provider.IsVerified)
            {
                errors.Add("provider", "This provider is not verified yet and cannot be booked.");
            }
        }

        if (service is not null && provider is not null && service.ProviderId != provider.Id)
        {
            errors.Add("service", "This service is not offered by that provider.");
        }

        ValidateNotes(errors, "customer_notes", command.CustomerNotes);

        if (!PaymentNames.TryParseMethod(command.PaymentMethod, out var method))
        {
            errors.Add("payment_method", "payment_method must be \"on_completion\" or \"card\".");
        }
        else if (method == PaymentMethod.Card)
        {
            if (string.IsNullOrWhiteSpace(command.PaymentToken))
            {
                errors.Add("payment_token", "payment_token is required when paying by card.");
            }
            else if (!payments.AcceptsToken(command.PaymentToken))
            {
                errors.Add("payment_token", "payment_token is not a valid card token.");
            }
        }

        if (command.IdempotencyKey is { Length: > MaxIdempotencyKeyLength })
        {
            errors.Add("idempotency_key", $"The idempotency key may be at most {MaxIdempotencyKeyLength} characters.");
        }

        if (command.StartTime is null)
        {
            errors.Add("start_time", "start_time is required.");
        }

        var duration = command.Duration ?? service?.DurationMinutes;
        if (command.Duration is <= 0)
        {
            errors.Add("duration", "duration must be a positive number of minutes.");
        }

        ProviderSchedule? schedule = null;
        DateTime startUtc = default;
        DateOnly bookingDate = default;
        if (provider is not null && service is not null && service.ProviderId == provider.Id)
        {
            schedule = await calendars.ScheduleAsync(provider, ct);
            if (duration is int d && d > 0)
            {
                ValidateDuration(errors, service, schedule, d);
            }
            if (command.StartTime is { } unsupported && !CalendarDates.IsSupported(DateOnly.FromDateTime(AsUtc(unsupported))))
            {
                errors.Add("start_time", CalendarDates.InstantMessage);
            }
            else if (command.StartTime is { } start)
            {
                startUtc = AsUtc(start);
                bookingDate = AvailabilityEngine.LocalDate(schedule.TimeZoneId, startUtc);
                ValidateStart(errors, schedule, startUtc, now);
                if (command.BookingDate is { } date && date != bookingDate)
                {
                    errors.Add("booking_date", $"booking_date must be the provider-local date of start_time ({bookingDate:yyyy-MM-dd} in {schedule.TimeZoneId}).");
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        if (CheckServiceArea(provider!, address) is { } outside)
        {
            return outside;
        }

        var price = PaymentProcessor.ProRata(service!.PriceCents, duration!.Value, service.DurationMinutes);
        return new BookingDraft(provider!, service, schedule!, startUtc, duration.Value, bookingDate,
            command.CustomerNotes?.Trim() ?? "", method, command.PaymentToken, price, address);
    }

    /// <summary>A place further from the provider's base than their service radius is a conflict, not a field error.</summary>
    public static DomainError? CheckServiceArea(ProviderProfile provider, ServiceAddress? address)
    {
        if (address is null || !IsOutsideServiceArea(provider, address.Place, out var distanceKm))
        {
            return null;
        }
        var message = $"{provider.DisplayName} works within {provider.ServiceRadiusKm:0.#} km of {DisplayBase(provider)}; this address is {distanceKm:0.#} km away.";
        return new DomainError(ErrorKind.Conflict, message, new Dictionary<string, string[]> { ["address"] = [message] })
            .With("reason", OutsideServiceArea);
    }

    /// <summary>Whether a place lies beyond the provider's service radius from their base.</summary>
    public static bool IsOutsideServiceArea(ProviderProfile provider, GeoPoint place, out double distanceKm)
    {
        var outside = new ServiceArea(new GeoPoint(provider.Latitude, provider.Longitude), provider.ServiceRadiusKm).OutsideBy(place);
        distanceKm = outside ?? 0;
        return outside is not null;
    }

    private static string DisplayBase(ProviderProfile provider) => string.IsNullOrWhiteSpace(provider.City) ? "their base" : provider.City;

    /// <summary>Duration rules: a whole number of slot steps within the service's limits.</summary>
    public static void ValidateDuration(FieldErrors errors, Service service, ProviderSchedule schedule, int duration)
    {
        if (duration <= 0)
        {
            errors.Add("duration", "duration must be a positive number of minutes.");
            return;
        }
        if (duration % schedule.SlotStepMinutes != 0)
        {
            errors.Add("duration", $"duration must be a multiple of {schedule.SlotStepMinutes} minutes.");
        }
        if (duration < service.MinDurationMinutes || duration > service.MaxDurationMinutes)
        {
            errors.Add("duration", $"duration must be between {service.MinDurationMinutes} and {service.MaxDurationMinutes} minutes for this service.");
        }
    }

    /// <summary>Start rules that do not depend on other bookings: future, after minimum notice, inside the window, on the grid.</summary>
    public static void ValidateStart(FieldErrors errors, ProviderSchedule schedule, DateTime startUtc, DateTime now)
    {
        if (!CalendarDates.IsSupported(DateOnly.FromDateTime(startUtc)))
        {
            errors.Add("start_time", CalendarDates.InstantMessage);
            return;
        }
        // The engine orders its verdicts so these four come before any calendar reason; the duration does not matter for them.
        var verdict = AvailabilityEngine.CheckInterval(schedule, [], [], startUtc, schedule.SlotStepMinutes, now);
        var message = verdict switch
        {
            SlotVerdict.InPast => "start_time is in the past.",
            SlotVerdict.InsideMinimumNotice => $"start_time must be at least {schedule.MinNoticeMinutes} minutes from now (the provider's minimum notice).",
            SlotVerdict.BeyondBookingWindow => $"start_time must be within {schedule.MaxAdvanceDays} days from now.",
            SlotVerdict.NotOnSlotGrid => $"start_time must be on the provider's {schedule.SlotStepMinutes}-minute grid in {schedule.TimeZoneId}.",
            _ => null,
        };
        if (message is not null)
        {
            errors.Add("start_time", message);
        }
    }

    public static void ValidateNotes(FieldErrors errors, string field, string? notes)
    {
        if (notes is { Length: > MaxNotesLength })
        {
            errors.Add(field, $"{field} may be at most {MaxNotesLength} characters.");
        }
    }

    public static DomainError? ValidateReason(string? reason) => reason is { Length: > MaxReasonLength }
        ? DomainError.Validation("reason", $"reason may be at most {MaxReasonLength} characters.")
        : null;

    /// <summary>
    /// Whether [start, start+duration) is free in the database now (buffers and travel time from <paramref name="place"/>
    /// included), asked of the same engine the calendar uses so the two never disagree; a waitlist hold counts as taken
    /// except <paramref name="exceptHold"/>, the one its holder claims. Null when bookable;
    /// BOOKING_CONFLICT (or a late validation error) otherwise.
    /// </summary>
    public async Task<DomainError?> CheckCalendarAsync(ProviderSchedule schedule, int providerId, DateTime startUtc, int duration,
        int? excludeBookingId, DateTime now, CancellationToken ct, GeoPoint? place = null, int? exceptHold = null)
    {
        var range = AvailabilityEngine.UtcRangeAffecting(schedule, startUtc, duration);
        var blocking = await calendars.BlockingAsync(providerId, range, excludeBookingId, ct, exceptHold);
        var verdict = AvailabilityEngine.CheckInterval(schedule, blocking.TimeOff, blocking.Busy, startUtc, duration, now, place);
        var conflict = verdict switch
        {
            SlotVerdict.Bookable => null,
            SlotVerdict.OutsideWorkingHours => "The provider does not work at that time (outside working hours or during a break). Pick a slot from the availability calendar.",
            SlotVerdict.TimeOff => "The provider is away at that time (time off). Pick a slot from the availability calendar.",
            SlotVerdict.Occupied => schedule.BufferMinutes > 0
                ? $"That time overlaps another booking of this provider (including the {schedule.BufferMinutes}-minute travel buffer). Pick another slot."
                : "That time overlaps another booking of this provider. Pick another slot.",
            SlotVerdict.Unreachable => "The provider cannot get to this address in time from their job before or after it. Pick another slot.",
            _ => "",
        };
        if (conflict is null)
        {
            return null;
        }
        if (conflict.Length == 0)
        {
            var errors = new FieldErrors();
            ValidateStart(errors, schedule, startUtc, now);
            return errors.ToError();
        }
        var error = new DomainError(ErrorKind.Conflict, conflict, new Dictionary<string, string[]> { ["start_time"] = [conflict] });
        if (verdict is SlotVerdict.Occupied or SlotVerdict.Unreachable)
        {
            error = error.With("reason", verdict == SlotVerdict.Occupied ? "slot_taken" : "travel_time");
        }
        return error;
    }

    /// <summary>
    /// A conflict for a taken or unreachable time, with the nearest free starts for the same duration and place under
    /// <c>alternatives</c> (the contract's shape: <c>[{start_time, end_time}]</c>).
    /// </summary>
    public async Task<DomainError> WithAlternativesAsync(DomainError conflict, int providerId, string timeZoneId, DateTime wantedUtc, int duration,
        GeoPoint? place, int? movingBookingId, CancellationToken ct)
    {
        // Only a conflict about the time itself: a stale version or a place out of the area has no nearer time to offer.
        if (conflict.Kind != ErrorKind.Conflict || conflict.Fields?.ContainsKey("start_time") != true)
        {
            return conflict;
        }
        var nearest = await NearestSlots.AroundAsync(availability, providerId, duration, timeZoneId, wantedUtc, place, movingBookingId, ct);
        return conflict.With(NearestSlots.Member, nearest);
    }

    /// <summary>Unspecified is read as UTC (JSON without an offset); local times are converted.</summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
