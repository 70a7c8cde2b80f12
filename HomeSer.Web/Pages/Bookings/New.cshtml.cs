using System.Globalization;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>The booking form for one chosen slot; a retry with the same hidden key books once.</summary>
[Authorize(Roles = Roles.Customer)]
public sealed class NewModel(BookingService bookings, BookingSeriesService series, ActorResolver actors, CatalogQueries catalog, HomeAddresses homes,
    IOptions<PaymentOptions> paymentOptions, IOptions<BookingOptions> bookingOptions) : PageModel
{
    public sealed class InputModel
    {
        public int Service { get; set; }
        public string StartTime { get; set; } = "";
        public int? Duration { get; set; }
        public string? CustomerNotes { get; set; }
        public string PaymentMethod { get; set; } = "on_completion";
        public string? PaymentToken { get; set; }
        public string IdempotencyKey { get; set; } = "";
        public AddressForm Address { get; set; } = new();

        /// <summary>Weeks between visits of a recurring booking (1, 2 or 4); 0 books this one visit.</summary>
        public int RepeatWeeks { get; set; }
        public int? Visits { get; set; }
        public bool AllowPartial { get; set; }
    }

    /// <summary>The fields the form shows errors next to; errors on any other field are shown above the form.</summary>
    private static readonly string[] FormFields = ["Duration", "CustomerNotes", "PaymentMethod", "CardNumber", "Visits"];

    /// <summary>The API's field names as this form labels them, so errors speak the form's words.</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["customer_notes"] = "Notes for the provider",
        ["payment_token"] = "Card",
        ["payment_method"] = "Payment method",
        ["start_time"] = "Start time",
        ["duration"] = "Duration",
        ["recurrence.count"] = "Number of visits",
        ["recurrence.frequency"] = "Repeat",
    };

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ServiceDetails? Service { get; private set; }
    public DateTime? StartUtc { get; private set; }
    public IReadOnlyList<int> Durations { get; private set; } = [];

    /// <summary>Set when the slot was taken meanwhile: the message and the nearest free starts instead.</summary>
    public string? ConflictMessage { get; private set; }
    public IReadOnlyList<SlotView> Alternatives { get; private set; } = [];

    /// <summary>The visits of a recurring booking that could not be booked, each with its nearest free starts.</summary>
    public IReadOnlyList<SeriesConflict> SeriesConflicts { get; private set; } = [];

    public PaymentOptions Payments => paymentOptions.Value;
    public int PendingExpiryHours => bookingOptions.Value.PendingExpiryHours;

    /// <summary>The price of the job at a duration, as the booking will charge it.</summary>
    public long PriceFor(int minutes) => PaymentProcessor.ProRata(Service!.PriceCents, minutes, Service.DurationMinutes);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "service")] int? service, [FromQuery(Name = "start")] string? start, CancellationToken cancellationToken)
    {
        if (service is not { } serviceId || !await LoadAsync(serviceId, start, cancellationToken))
        {
            return NotFound();
        }
        Input = new InputModel
        {
            Service = serviceId,
            StartTime = start!,
            Duration = Service!.DurationMinutes,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Address = AddressForm.From(await actors.ResolveAsync(User, cancellationToken) is { } actor
                ? await homes.GetAsync(actor.UserId, cancellationToken)
                : null),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(Input.Service, Input.StartTime, cancellationToken))
        {
            return NotFound();
        }
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var command = new CreateBookingCommand(Input.Service, Service!.Provider.Id, null, StartUtc, Input.Duration, Input.CustomerNotes,
            Input.PaymentMethod, Input.PaymentMethod == "card" ? Input.PaymentToken : null, Input.IdempotencyKey,
            Input.Address.IsEmpty ? null : Input.Address.ToInput());
        if (Input.RepeatWeeks != 0)
        {
            return await RepeatAsync(actor!, command, cancellationToken);
        }
        var result = await bookings.CreateAsync(actor!, command, cancellationToken);
        if (result.Error is { } error)
        {
            if (error.Kind == ErrorKind.Conflict)
            {
                ShowConflict(error);
            }
            else
            {
                ShowErrors(error);
            }
            Response.StatusCode = error.Kind == ErrorKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }
        var created = result.Value!;
        TempData["Flash"] = created.Replayed
            ? "You had already sent this booking; here it is."
            : "Booking requested. The provider will confirm it soon.";
        return Redirect($"/Bookings/{created.Booking.Id}");
    }

    private async Task<IActionResult> RepeatAsync(Actor actor, CreateBookingCommand command, CancellationToken ct)
    {
        var frequency = Input.RepeatWeeks switch { 1 => "weekly", 2 => "every_2_weeks", 4 => "every_4_weeks", _ => "" };
        var result = await series.CreateAsync(actor, new CreateSeriesCommand(command, frequency, Input.Visits, RecurrenceSent: true, Input.AllowPartial), ct);
        if (result.Error is { } error)
        {
            if (error.Extensions?.GetValueOrDefault(BookingSeriesService.ConflictsMember) is IReadOnlyList<SeriesConflict> conflicts)
            {
                ConflictMessage = error.Message;
                SeriesConflicts = conflicts;
            }
            else if (error.Kind == ErrorKind.Conflict)
            {
                ShowConflict(error);
            }
            else
            {
                // The recurrence's fields are this form's repeat fields.
                ShowErrors(error with
                {
                    Fields = error.Fields?.ToDictionary(f => f.Key switch { "recurrence.count" => "visits", "recurrence.frequency" => "repeat_weeks", _ => f.Key }, f => f.Value),
                });
            }
            Response.StatusCode = error.Kind == ErrorKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }
        var created = result.Value!;
        TempData["Flash"] = created.Replayed
            ? "You had already sent these visits; here they are."
            : $"{created.Series.Bookings.Count} visits requested. The provider will confirm them soon.";
        return Redirect($"/Bookings/Series/{created.Series.Id}");
    }

    private async Task<bool> LoadAsync(int serviceId, string? start, CancellationToken ct)
    {
        if (!DateTime.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var startUtc)
            || (await catalog.GetServiceAsync(serviceId, ct)).Value is not { } service)
        {
            return false;
        }
        Service = service;
        StartUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var step = Math.Max(1, service.Provider.SlotStepMinutes);
        var first = (service.MinDurationMinutes + step - 1) / step * step;
        Durations = Enumerable.Range(0, Math.Max(0, (service.MaxDurationMinutes - first) / step + 1))
            .Select(i => first + i * step).Union([service.DurationMinutes]).Order().ToList();
        return true;
    }

    private void ShowErrors(DomainError error)
    {
        if (error.Kind == ErrorKind.PaymentFailed || error.Fields?.ContainsKey("payment_token") == true)
        {
            // The card fields are the gateway's; its answer is shown under the card number, in words, never the token.
            ModelState.AddModelError("Input.CardNumber", error.Kind == ErrorKind.PaymentFailed
                ? $"{error.Message.Replace("The payment was declined: ", "", StringComparison.Ordinal)} No booking was made; try another card or pay on completion."
                : error.Fields!["payment_token"].Any(m => m.Contains("required", StringComparison.Ordinal))
                    ? "Enter your card number, expiry and security code, or choose pay on completion."
                    : "The card could not be read. Enter it again, or choose pay on completion.");
            error = error with { Fields = error.Fields?.Where(f => f.Key != "payment_token").ToDictionary(f => f.Key, f => f.Value) };
            if (error.Kind == ErrorKind.PaymentFailed || error.Fields is not { Count: > 0 })
            {
                return;
            }
        }
        ModelState.AddDomainError(error, "Input", Labels);
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal) && !IsFormField(k["Input.".Length..])).ToList())
        {
            foreach (var message in ModelState[key]!.Errors.Select(e => e.ErrorMessage).ToList())
            {
                ModelState.AddModelError(string.Empty, message);
            }
            ModelState.Remove(key);
        }
    }

    private static bool IsFormField(string field) => FormFields.Contains(field) || field.StartsWith("Address", StringComparison.Ordinal);

    private void ShowConflict(DomainError error)
    {
        if (error.Fields?.ContainsKey("address") == true)
        {
            // Outside the provider's area: no other time helps, the address is the problem.
            ModelState.AddModelError("Input.Address.City", error.Message);
            ConflictMessage = error.Message;
            return;
        }
        ConflictMessage = $"That time was just taken. {error.Message}";
        Alternatives = NearestSlots.OfferedBy(error);
    }

    public string BookUrl(SlotView slot) =>
        $"/Bookings/New?service={Service!.Id}&start={Uri.EscapeDataString(Display.IsoUtc(slot.StartTime))}";
}
