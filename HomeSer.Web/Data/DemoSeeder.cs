using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Features.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Data;

/// <summary>Seeds a small, realistic marketplace on an empty database: a development default, never for production.</summary>
public sealed class DemoSeeder(HomeSerDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Password = "Passw0rd!";
    public const string AdminEmail = "admin@homeser.test";
    public const string CustomerEmail = "customer@homeser.test";
    public const string ProviderEmail = "provider@homeser.test";

    public static readonly (string Slug, string Name, string Description)[] CategoryData =
    [
        ("plumbing", "Plumbing", "Leaks, taps, toilets, boilers and pipes."),
        ("cleaning", "Cleaning", "Regular, deep and move-out cleaning."),
        ("electrical", "Electrical", "Sockets, lighting, fuse boxes and safety checks."),
        ("painting", "Painting", "Walls, ceilings, doors and small decorating jobs."),
        ("gardening", "Gardening", "Lawns, hedges, planting and seasonal clean-ups."),
        ("handyman", "Handyman", "Furniture assembly, shelves, curtains and small repairs."),
        ("appliance-repair", "Appliance repair", "Washing machines, dishwashers, ovens and fridges."),
        ("moving", "Moving help", "Loading, carrying and small removals."),
    ];

    private static readonly string[] FirstNames = ["Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mara", "Nico", "Olga", "Paul"];
    private static readonly string[] Trades = ["Services", "& Sons", "Home Care", "Pro", "Works", "Fix"];
    // Comments by rating (index 0: 1-2 stars, 1: 3 stars, 2: 4 stars, 3: 5 stars), so a review reads like its stars.
    private static readonly string[][] ReviewComments =
    [
        ["Arrived late and the leak came back the next day.", "Had to call twice before anyone turned up."],
        ["Did the job, but left some mess.", "Good work, a little late but called ahead."],
        ["Fair price and clean work.", "Fixed it quickly and explained what was wrong."],
        ["On time, tidy and friendly. Would book again.", "Excellent job, very careful with our floors."],
    ];

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Categories.AnyAsync(cancellationToken) || await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(2026);

        var categories = CategoryData.Select((c, i) => new Category { Slug = c.Slug, Name = c.Name, Description = c.Description, SortOrder = i }).ToList();
        db.Categories.AddRange(categories);
        await db.SaveChangesAsync(cancellationToken);

        // Members joined months before their first job in the history below (at most four weeks back), not today.
        await CreateUserAsync(AdminEmail, "Alex Admin", Roles.Admin, now.AddYears(-3));
        var customer = await CreateUserAsync(CustomerEmail, "Casey Customer", Roles.Customer, now.AddMonths(-8));
        customer.HomeAddress = Kreuzberg with { };
        var providerUser = await CreateUserAsync(ProviderEmail, "Pat Provider", Roles.Provider, now.AddYears(-2));
        var hash = customer.PasswordHash!;

        var berlin = Gazetteer.Find("Berlin")!;
        var demoProvider = AddProvider(providerUser, "Pat's Plumbing & Repairs", berlin, 0, 0, now, verified: true);
        demoProvider.Bio = "Plumber and handyman with 12 years in Berlin homes. Clean work, fixed prices.";
        AddWorkingWeek(demoProvider, DemoProviderDays, new TimeOnly(8, 0), new TimeOnly(18, 0), lunch: false);
        AddService(demoProvider, categories[0], "Leak repair", "Find and fix a leaking pipe, tap or valve.", 8900, 60, berlin.Currency, now);
        AddService(demoProvider, categories[0], "Boiler service", "Annual boiler check and service.", 12900, 90, berlin.Currency, now);
        AddService(demoProvider, categories[5], "Furniture assembly", "Flat-pack furniture assembled and fixed to the wall.", 5500, 60, berlin.Currency, now);

        var customers = new List<AppUser> { customer };
        for (var i = 0; i < 12; i++)
        {
            customers.Add(await CreateUserAsync($"customer{i + 1}@homeser.test", $"{FirstNames[i % FirstNames.Length]} {(char)('A' + i)}.", Roles.Customer, now.AddMonths(-(2 + i)), hash));
        }

        var providers = new List<ProviderProfile> { demoProvider };
        var index = 0;
        foreach (var place in Gazetteer.Places)
        {
            for (var k = 0; k < 3; k++, index++)
            {
                var name = $"{FirstNames[(index * 5 + 3) % FirstNames.Length]} {Trades[index % Trades.Length]}";
                var verified = index % 7 != 6;
                // The unverified ones signed up lately and wait in the admin's queue, yet before their history's jobs (at most
                // four weeks back).
                var joined = verified ? now.AddMonths(-(3 + index % 30)) : now.AddDays(-(30 + index % 5));
                var user = await CreateUserAsync($"provider{index + 1}@homeser.test", name, Roles.Provider, joined, hash);
                var provider = AddProvider(user, name, place, random.NextDouble() * 0.12 - 0.06, random.NextDouble() * 0.16 - 0.08, now, verified);
                provider.Bio = $"Local {place.Name} professional.";
                var start = new TimeOnly(7 + random.Next(3), 0);
                AddWorkingWeek(provider, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], start, start.AddHours(8 + random.Next(3)), lunch: true);
                if (random.Next(2) == 0)
                {
                    AddWorkingWeek(provider, [DayOfWeek.Saturday], new TimeOnly(9, 0), new TimeOnly(14, 0), lunch: false);
                }
                var category = categories[(index + k) % categories.Count];
                var second = categories[(index * 3 + 1) % categories.Count];
                AddService(provider, category, $"{category.Name} visit", $"A standard {category.Name.ToLowerInvariant()} visit.", 4500 + random.Next(60) * 100, 60 + 30 * random.Next(3), place.Currency, now);
                if (second.Id != category.Id)
                {
                    AddService(provider, second, $"{second.Name} job", $"{second.Name}: quoted on the day.", 6000 + random.Next(80) * 100, 120, place.Currency, now);
                }
                providers.Add(provider);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        WriteWorkingWeeks();
        AddHistory(providers, customers, random, now);
        AddUpcoming(demoProvider, customer, customers, now);
        await db.SaveChangesAsync(cancellationToken);
        WriteReviews();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo data: {Providers} providers, {Customers} customers, {Bookings} bookings", providers.Count, customers.Count, await db.Bookings.CountAsync(cancellationToken));
    }

    private async Task<AppUser> CreateUserAsync(string email, string displayName, string role, DateTime joined, string? passwordHash = null)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = joined };
        IdentityResult result;
        if (passwordHash is null)
        {
            result = await users.CreateAsync(user, Password);
        }
        else
        {
            // Hashing is deliberately slow; the extra demo users share the one hash of the same password.
            user.PasswordHash = passwordHash;
            result = await users.CreateAsync(user);
        }
        if (!result.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
        {
            throw new InvalidOperationException($"Could not seed {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        return user;
    }

    private ProviderProfile AddProvider(AppUser user, string name, Place place, double dLat, double dLng, DateTime now, bool verified)
    {
        var provider = new ProviderProfile
        {
            UserId = user.Id,
            DisplayName = name,
            City = place.Name,
            Latitude = Math.Round(place.Latitude + dLat, 5),
            Longitude = Math.Round(place.Longitude + dLng, 5),
            ServiceRadiusKm = 25,
            TimeZoneId = place.TimeZoneId,
            IsVerified = verified,
            CreatedAt = user.CreatedAt,
        };
        db.Providers.Add(provider);
        return provider;
    }

    private void AddWorkingWeek(ProviderProfile provider, DayOfWeek[] days, TimeOnly start, TimeOnly end, bool lunch) =>
        _workingWeeks.Add((provider, days, start, end, lunch));

    // Hours need the provider's id, so they are written after the providers are saved.
    private readonly List<(ProviderProfile Provider, DayOfWeek[] Days, TimeOnly Start, TimeOnly End, bool Lunch)> _workingWeeks = [];

    private void WriteWorkingWeeks()
    {
        foreach (var (provider, days, start, end, lunch) in _workingWeeks)
        {
            foreach (var day in days)
            {
                db.WeeklyHours.Add(new WeeklyHours { ProviderId = provider.Id, Day = day, Start = start, End = end });
                if (lunch)
                {
                    db.WeeklyBreaks.Add(new WeeklyBreak { ProviderId = provider.Id, Day = day, Start = new TimeOnly(12, 0), End = new TimeOnly(13, 0) });
                }
            }
        }
    }

    private readonly List<(Booking Booking, int Rating, string Comment)> _reviews = [];

    private void WriteReviews()
    {
        foreach (var (booking, rating, comment) in _reviews)
        {
            db.Reviews.Add(new Review
            {
                BookingId = booking.Id,
                ProviderId = booking.ProviderId,
                CustomerId = booking.CustomerId,
                Rating = rating,
                Comment = comment,
                CreatedAt = booking.ScheduledEndUtc.AddHours(3),
            });
        }
    }

    // Two Berlin districts about 15 km apart: at 30 km/h a job in one and the next in the other need 30 minutes between
    // them, more than the 15-minute buffer, so the demo provider's calendar shows travel time at work.
    private static readonly DayOfWeek[] DemoProviderDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];

    private static readonly ServiceAddress Kreuzberg = new("Oranienstraße 25", "10999", "Berlin", 52.5016, 13.4187, "Second floor, bell 'Customer'.", false);
    private static readonly ServiceAddress Spandau = new("Carl-Schurz-Straße 12", "13597", "Berlin", 52.5362, 13.2003, "Back building, ask at the shop.", false);
    private static readonly ServiceAddress Mitte = new("Torstraße 101", "10119", "Berlin", 52.5291, 13.4013, "", false);

    private void AddUpcoming(ProviderProfile provider, AppUser customer, List<AppUser> customers, DateTime now)
    {
        // A few future jobs so the provider dashboard and "my bookings" are not empty; the third working day has jobs in
        // two districts. Counted in working days, so no job lands on the provider's day off.
        var today = DateOnly.FromDateTime(now);
        var plans = new (int WorkingDays, int Hour, AppUser Who, BookingStatus Status, ServiceAddress Where)[]
        {
            (3, 9, customer, BookingStatus.Confirmed, Kreuzberg),
            (3, 13, customers[3], BookingStatus.Confirmed, Spandau),
            (4, 14, customer, BookingStatus.Pending, Kreuzberg),
            (5, 11, customers[1], BookingStatus.Pending, Mitte),
            (6, 10, customers[2], BookingStatus.Confirmed, Spandau),
        };
        foreach (var (workingDays, hour, who, status, where) in plans)
        {
            var start = LocalToUtc(provider, WorkingDayAfter(today, workingDays), new TimeOnly(hour, 0));
            var booking = NewBooking(provider, provider.Services[0], who, start, status, now,
                customerNotes: "Please ring the bell twice.", confirmedAt: status == BookingStatus.Confirmed ? now : null,
                // EF tracks an owned address per owner, so each booking gets its own copy.
                address: where with { });
            db.Bookings.Add(booking);
        }
    }

    private static DateOnly WorkingDayAfter(DateOnly day, int workingDays)
    {
        while (workingDays > 0)
        {
            day = day.AddDays(1);
            if (DemoProviderDays.Contains(day.DayOfWeek))
            {
                workingDays--;
            }
        }
        return day;
    }

    private static Booking NewBooking(ProviderProfile provider, Service service, AppUser customer, DateTime startUtc, BookingStatus status, DateTime now,
        string customerNotes = "", DateTime? confirmedAt = null, DateTime? endUtc = null, ServiceAddress? address = null)
    {
        var payment = Payment.OnCompletion(service.PriceCents, service.Currency, now);
        if (status == BookingStatus.Completed)
        {
            payment.MarkCaptured(service.PriceCents, now);
        }
        return Booking.Seeded(
            service.Id, provider.Id, customer.Id,
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(startUtc, TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZoneId))),
            startUtc, service.DurationMinutes, service.PriceCents, service.Currency, status, payment,
            // Booked three days ahead, or an hour ago for a job less than that away: never in the future.
            createdAt: startUtc.AddDays(-3) < now ? startUtc.AddDays(-3) : now.AddHours(-1),
            now: now, customerNotes: customerNotes, confirmedAt: confirmedAt, endUtc: endUtc, address: address);
    }

    private static DateTime LocalToUtc(ProviderProfile provider, DateOnly day, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZoneId));

    private void AddHistory(List<ProviderProfile> providers, List<AppUser> customers, Random random, DateTime now)
    {
        // Completed, reviewed jobs over the last weeks give ratings and review counts to rank by.
        foreach (var provider in providers)
        {
            var reviews = provider == providers[0] ? 8 : random.Next(0, 9);
            for (var i = 0; i < reviews; i++)
            {
                var service = provider.Services[i % provider.Services.Count];
                var customer = customers[(i + provider.Id) % customers.Count];
                var start = LocalToUtc(provider, DateOnly.FromDateTime(now).AddDays(-7 - 3 * i), new TimeOnly(10, 0));
                // Booked three days ahead (NewBooking); the demo provider answers within the hour, others take longer.
                var confirmMinutes = provider == providers[0] ? random.Next(20, 60) : random.Next(15, 8 * 60);
                var booking = NewBooking(provider, service, customer, start, BookingStatus.Completed, now,
                    confirmedAt: start.AddDays(-3).AddMinutes(confirmMinutes), endUtc: start.AddMinutes(service.DurationMinutes));
                // Seeded history bypasses the status events that keep these counters (ProviderStats), so count it here:
                // otherwise the profile says "8 jobs done" beside "no requests answered yet".
                provider.ConfirmedCount++;
                provider.TotalConfirmMinutes += confirmMinutes;
                provider.CompletedCount++;
                // The demo provider is the one people try first: give it the reviews of a well-liked business.
                var rating = provider == providers[0]
                    ? 5 - random.Next(0, 2)
                    : Math.Clamp(5 - random.Next(0, 3) + (random.Next(4) == 0 ? -1 : 0), 1, 5);
                db.Bookings.Add(booking);
                var comments = ReviewComments[Math.Max(0, rating - 2)];
                _reviews.Add((booking, rating, comments[random.Next(comments.Length)]));
                provider.RatingSum += rating;
                provider.ReviewCount++;
            }
        }
    }

    private void AddService(ProviderProfile provider, Category category, string name, string description, long priceCents, int duration, string currency, DateTime now) =>
        provider.Services.Add(new Service
        {
            Category = category,
            Name = name,
            Description = description,
            PriceCents = priceCents,
            Currency = currency,
            DurationMinutes = duration,
            MinDurationMinutes = Math.Min(30, duration),
            MaxDurationMinutes = Math.Max(480, duration),
            CreatedAt = now,
        });
}
