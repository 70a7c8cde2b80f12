using System.Diagnostics;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Data;

/// <summary>What to generate; <paramref name="Today"/> is the anchor "now" (00:00 UTC of that date) the data is built around.</summary>
public sealed record LargeSeedOptions(int Providers, int Services, int Bookings, int Customers, int Seed, DateOnly Today);

public sealed record LargeSeedResult(
    int Users, int Providers, int Services, int WeeklyHours, int WeeklyBreaks,
    int Bookings, int SkippedBookings, int Payments, int Reviews, TimeSpan Elapsed);

/// <summary>
/// Writes a large, deterministic marketplace for benchmarks: raw prepared inserts reused per row, in one transaction.
/// Every generated value comes from one <see cref="Random"/> seeded by the caller and the anchor date, so the same
/// options give the same rows.
/// </summary>
public static class LargeSeeder
{
    public const string Password = DemoSeeder.Password;

    private static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mara", "Nico",
        "Olga", "Paul", "Quentin", "Rosa", "Sami", "Tara", "Umut", "Vera", "Wim", "Yara", "Zoe", "Marek", "Sofia", "Liam",
    ];
    private static readonly string[] LastNames =
    [
        "Schmidt", "Müller", "Novak", "Dubois", "Silva", "Murphy", "de Vries", "Huber", "Rossi", "Kaya", "Berg", "Lange",
        "Moreau", "Costa", "Walsh", "Bakker", "Gruber", "Weber", "Fischer", "Martin",
    ];
    private static readonly string[] Trades = ["Services", "& Sons", "Home Care", "Pro", "Works", "Fix", "Solutions", "& Co"];
    private static readonly string[] ServiceKinds = ["visit", "standard job", "repair", "inspection", "small job", "deep job", "emergency call-out"];
    private static readonly int[] Durations = [30, 60, 60, 60, 90, 90, 120, 120, 180, 240];
    private static readonly string[] CustomerNotes = ["", "", "", "Please ring the bell twice.", "Parking in the courtyard.", "Call when you are 10 minutes away.", "Dog at home, friendly."];
    private static readonly string[] CancellationReasons = ["Customer changed plans", "Provider unavailable", "Booked by mistake", "Found another solution"];
    private static readonly string[] ReviewComments =
    [
        "On time, tidy and friendly. Would book again.",
        "Fixed it quickly and explained what was wrong.",
        "Good work, a little late but called ahead.",
        "Excellent job, very careful with our floors.",
        "Fair price and clean work.",
        "Did the job, but left some mess.",
        "",
    ];
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int SlotStepMinutes = 15;

    /// <summary>Applies migrations, turns on WAL and ensures the roles, the same way the app does on start.</summary>
    public static async Task PrepareAsync(string connectionString, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<HomeSerDbContext>(options => options.UseSqlite(connectionString));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<HomeSerDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await DataSetup.PrepareSchemaAsync(scope.ServiceProvider, cancellationToken);
    }

    public static long CountProviders(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return Scalar(connection, null, "SELECT COUNT(*) FROM \"Providers\"");
    }

    /// <summary>Generates and writes the data set; the database must be migrated (see <see cref="PrepareAsync"/>).</summary>
    public static LargeSeedResult Seed(string connectionString, LargeSeedOptions options, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var now = options.Today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;");
        try
        {
            using var tx = connection.BeginTransaction();
            var categoryIds = EnsureCategories(connection, tx);
            var roleIds = RoleIds(connection, tx);
            var nextUserId = Scalar(connection, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"AspNetUsers\"") + 1;
            var nextProviderId = Scalar(connection, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Providers\"") + 1;
            var nextServiceId = Scalar(connection, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Services\"") + 1;
            var nextBookingId = Scalar(connection, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Bookings\"") + 1;

            // Users: customers first, then the providers' accounts.
            var customerIds = new long[options.Customers];
            var customerSince = new DateTime[options.Customers];
            var providerUsers = new (long Id, string Name, DateTime CreatedAt)[options.Providers];
            using (var users = new Statement(connection, tx, "AspNetUsers",
                "Id", "DisplayName", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnd", "LockoutEnabled", "AccessFailedCount"))
            using (var userRoles = new Statement(connection, tx, "AspNetUserRoles", "UserId", "RoleId"))
            {
                long AddUser(string email, string name, DateTime createdAt, long roleId)
                {
                    var id = nextUserId++;
                    var normalized = email.ToUpperInvariant();
                    users.Run(id, name, createdAt, email, normalized, email, normalized, true,
                        passwordHash, SecurityStamp(random), StableGuid(random).ToString(), null, false, false,
                        null, true, 0);
                    userRoles.Run(id, roleId);
                    return id;
                }
                for (var i = 0; i < options.Customers; i++)
                {
                    customerSince[i] = now.AddDays(-90 - random.Next(800)).AddMinutes(random.Next(24 * 60));
                    customerIds[i] = AddUser($"customer{i + 1}@bench.test", PersonName(random), customerSince[i], roleIds[Roles.Customer]);
                }
                for (var i = 0; i < options.Providers; i++)
                {
                    var name = random.Next(3) == 0 ? PersonName(random) : $"{FirstNames[random.Next(FirstNames.Length)]} {Trades[random.Next(Trades.Length)]}";
                    var createdAt = now.AddDays(-90 - random.Next(800)).AddMinutes(random.Next(24 * 60));
                    providerUsers[i] = (AddUser($"provider{i + 1}@bench.test", name, createdAt, roleIds[Roles.Provider]), name, createdAt);
                }
            }
            progress($"users: {options.Customers} customers, {options.Providers} providers ({clock.Elapsed.TotalSeconds:F1}s)");

            // Providers, their weekly hours and lunch breaks.
            var providers = new ProviderPlan[options.Providers];
            var zones = Gazetteer.Places.ToDictionary(p => p.Name, p => TimeZoneInfo.FindSystemTimeZoneById(p.TimeZoneId));
            int hoursCount = 0, breaksCount = 0;
            using (var insertProvider = new Statement(connection, tx, "Providers",
                "Id", "UserId", "DisplayName", "Bio", "City", "Latitude", "Longitude", "ServiceRadiusKm", "TimeZoneId", "IsVerified",
                "IsActive", "BufferMinutes", "MinNoticeMinutes", "MaxAdvanceDays", "SlotStepMinutes", "RatingSum", "ReviewCount",
                "ScheduleVersion", "CreatedAt"))
            using (var insertHours = new Statement(connection, tx, "WeeklyHours", "ProviderId", "Day", "Start", "End"))
            using (var insertBreak = new Statement(connection, tx, "WeeklyBreaks", "ProviderId", "Day", "Start", "End"))
            {
                for (var i = 0; i < options.Providers; i++)
                {
                    var place = Gazetteer.Places[random.Next(Gazetteer.Places.Count)];
                    // Uniform over a disc of 20 km around the city centre.
                    var distanceKm = 20 * Math.Sqrt(random.NextDouble());
                    var bearing = random.NextDouble() * 2 * Math.PI;
                    var latitude = Math.Round(place.Latitude + distanceKm * Math.Cos(bearing) / 111.32, 5);
                    var longitude = Math.Round(place.Longitude + distanceKm * Math.Sin(bearing) / (111.32 * Math.Cos(place.Latitude * Math.PI / 180)), 5);
                    var plan = new ProviderPlan
                    {
                        Id = nextProviderId++,
                        Zone = zones[place.Name],
                        Currency = place.Currency,
                        BufferMinutes = 15 * random.Next(3),
                        DayStart = 7 * 60 + 30 * random.Next(7),
                        Lunch = random.Next(2) == 0,
                    };
                    plan.DayEnd = plan.DayStart + 8 * 60 + 60 * random.Next(3);
                    plan.Saturday = random.Next(10) < 4;
                    var (userId, name, createdAt) = providerUsers[i];
                    insertProvider.Run(plan.Id, userId, name, $"Local {place.Name} professional with {2 + random.Next(25)} years of experience.",
                        place.Name, latitude, longitude, (double)(10 + random.Next(31)), place.TimeZoneId, random.Next(10) != 0,
                        true, plan.BufferMinutes, 60 + 15 * random.Next(13), 60, SlotStepMinutes, 0, 0,
                        0L, createdAt.AddMinutes(5));
                    for (var day = DayOfWeek.Monday; day <= DayOfWeek.Friday; day++)
                    {
                        insertHours.Run(plan.Id, (int)day, Time(plan.DayStart), Time(plan.DayEnd));
                        hoursCount++;
                        if (plan.Lunch)
                        {
                            insertBreak.Run(plan.Id, (int)day, new TimeOnly(12, 0), new TimeOnly(13, 0));
                            breaksCount++;
                        }
                    }
                    if (plan.Saturday)
                    {
                        insertHours.Run(plan.Id, (int)DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(14, 0));
                        hoursCount++;
                    }
                    plan.CreatedAt = createdAt.AddMinutes(5);
                    providers[i] = plan;
                }
            }
            progress($"providers: {options.Providers}, weekly hours {hoursCount}, breaks {breaksCount} ({clock.Elapsed.TotalSeconds:F1}s)");

            // Services: an even share per provider, mostly in one main trade.
            var categories = DemoSeeder.CategoryData;
            using (var insertService = new Statement(connection, tx, "Services",
                "Id", "ProviderId", "CategoryId", "Name", "Description", "PriceCents", "Currency", "DurationMinutes",
                "MinDurationMinutes", "MaxDurationMinutes", "IsActive", "CreatedAt"))
            {
                for (var i = 0; i < options.Providers; i++)
                {
                    var plan = providers[i];
                    var share = options.Services / options.Providers + (i < options.Services % options.Providers ? 1 : 0);
                    var main = random.Next(categories.Length);
                    for (var k = 0; k < share; k++)
                    {
                        var category = random.Next(3) == 0 ? random.Next(categories.Length) : main;
                        var kind = ServiceKinds[random.Next(ServiceKinds.Length)];
                        var duration = Durations[random.Next(Durations.Length)];
                        var price = 100L * (30 + random.Next(171));
                        var id = nextServiceId++;
                        insertService.Run(id, plan.Id, categoryIds[categories[category].Slug], $"{categories[category].Name} {kind}",
                            $"{categories[category].Name}: {kind}, about {duration} minutes.", price, plan.Currency, duration,
                            Math.Min(30, duration), Math.Max(480, duration), true, plan.CreatedAt.AddMinutes(10 + k));
                        plan.Services.Add((id, duration, price));
                    }
                }
            }
            progress($"services: {options.Services} ({clock.Elapsed.TotalSeconds:F1}s)");

            var (bookings, skipped, reviews) = WriteBookings(connection, tx, options, random, now, providers, customerIds, ref nextBookingId, progress, clock);

            using (var rating = new Statement(connection, tx, "UPDATE \"Providers\" SET \"RatingSum\" = @p0, \"ReviewCount\" = @p1, " +
                "\"CompletedCount\" = @p2, \"ProviderCancelledCount\" = @p3, \"NoShowCount\" = @p4, \"ConfirmedCount\" = @p5, " +
                "\"TotalConfirmMinutes\" = @p6 WHERE \"Id\" = @p7"))
            {
                foreach (var plan in providers)
                {
                    rating.Run(plan.RatingSum, plan.ReviewCount, plan.Completed, plan.ProviderCancelled, plan.NoShows, plan.Confirmed,
                        plan.ConfirmMinutes, plan.Id);
                }
            }
            tx.Commit();
            progress($"committed ({clock.Elapsed.TotalSeconds:F1}s)");
            return new LargeSeedResult(options.Customers + options.Providers, options.Providers, options.Services, hoursCount, breaksCount,
                bookings, skipped, bookings, reviews, clock.Elapsed);
        }
        finally
        {
            // The connection goes back to the pool; later users must not inherit the unsafe setting.
            Execute(connection, null, "PRAGMA synchronous=FULL;");
        }
    }

    private static (int Bookings, int Skipped, int Reviews) WriteBookings(
        SqliteConnection connection, SqliteTransaction tx, LargeSeedOptions options, Random random, DateTime now,
        ProviderPlan[] providers, long[] customerIds, ref long nextBookingId, Action<string> progress, Stopwatch clock)
    {
        var bookable = providers.Where(p => p.Services.Count > 0).ToArray();
        int written = 0, skipped = 0, reviews = 0;
        if (bookable.Length == 0 || customerIds.Length == 0)
        {
            return (0, options.Bookings, 0);
        }
        using var insertBooking = new Statement(connection, tx, "Bookings",
            "Id", "ServiceId", "ProviderId", "CustomerId", "Status", "BookingDate", "StartUtc", "DurationMinutes", "ScheduledEndUtc",
            "EndUtc", "CustomerNotes", "ProviderNotes", "CancellationReason", "PriceCents", "Currency", "IdempotencyKey", "Version",
            "CreatedAt", "UpdatedAt", "ConfirmedAt", "Reminder24hSentAt", "Reminder1hSentAt", "CalendarSequence");
        using var insertPayment = new Statement(connection, tx, "Payments",
            "BookingId", "Method", "Status", "AmountCents", "FeeCents", "Currency", "GatewayReference", "CreatedAt", "UpdatedAt");
        using var insertReview = new Statement(connection, tx, "Reviews", "BookingId", "ProviderId", "CustomerId", "Rating", "Comment", "CreatedAt");
        var today = options.Today;
        var step = Math.Max(1, options.Bookings / 4);

        for (var n = 0; n < options.Bookings; n++)
        {
            if (n > 0 && n % step == 0)
            {
                progress($"bookings: {n} of {options.Bookings} ({clock.Elapsed.TotalSeconds:F1}s)");
            }
            var placed = false;
            for (var attempt = 0; attempt < 40 && !placed; attempt++)
            {
                var plan = bookable[random.Next(bookable.Length)];
                var past = random.Next(10) < 4;
                // Local calendar days: yesterday and back for history, tomorrow and on for upcoming, so min notice always holds.
                var date = today.AddDays(past ? -1 - random.Next(60) : 1 + random.Next(60));
                var (dayStart, dayEnd) = plan.Hours(date.DayOfWeek);
                if (dayEnd <= dayStart)
                {
                    continue;
                }
                var (serviceId, duration, price) = plan.Services[random.Next(plan.Services.Count)];
                var latest = dayEnd - duration;
                if (latest < dayStart)
                {
                    continue;
                }
                var startMinute = dayStart + SlotStepMinutes * random.Next((latest - dayStart) / SlotStepMinutes + 1);
                if (plan.Lunch && date.DayOfWeek != DayOfWeek.Saturday && startMinute < 13 * 60 && startMinute + duration > 12 * 60)
                {
                    continue;
                }
                var startUtc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(Time(startMinute), DateTimeKind.Unspecified), plan.Zone);
                var endUtc = startUtc.AddMinutes(duration);
                if (!plan.TryOccupy(startUtc, endUtc))
                {
                    continue;
                }
                placed = true;

                var customer = random.Next(customerIds.Length);
                var status = past
                    ? random.Next(100) switch { < 85 => BookingStatus.Completed, < 95 => BookingStatus.Cancelled, _ => BookingStatus.NoShow }
                    : random.Next(100) < 35 ? BookingStatus.Pending : BookingStatus.Confirmed;
                var createdAt = startUtc.AddMinutes(-(24 * 60 + random.Next(20 * 24 * 60)));
                if (createdAt > now)
                {
                    createdAt = now.AddMinutes(-1 - random.Next(12 * 60));
                }
                DateTime? confirmedAt = status is BookingStatus.Pending || (status == BookingStatus.Cancelled && random.Next(2) == 0)
                    ? null
                    : createdAt.AddMinutes(10 + random.Next(600));
                if (confirmedAt > now)
                {
                    // Booked just before the anchor: confirmed since, but not in the future.
                    confirmedAt = createdAt + (now - createdAt) / 2;
                }
                DateTime? endedAt = status == BookingStatus.Completed ? endUtc : null;
                var updatedAt = status switch
                {
                    BookingStatus.Completed => endUtc,
                    BookingStatus.NoShow => endUtc.AddMinutes(30),
                    BookingStatus.Cancelled => (confirmedAt ?? createdAt).AddMinutes(30 + random.Next(600)),
                    BookingStatus.Confirmed => confirmedAt!.Value,
                    _ => createdAt,
                };
                var version = status switch
                {
                    BookingStatus.Pending => 1,
                    BookingStatus.Confirmed => 2,
                    BookingStatus.Cancelled => confirmedAt is null ? 2 : 3,
                    _ => 3,
                };
                var remindersSent = status is BookingStatus.Completed or BookingStatus.NoShow;
                var bookingId = nextBookingId++;
                var customerNote = CustomerNotes[random.Next(CustomerNotes.Length)];
                var reason = status == BookingStatus.Cancelled ? CancellationReasons[random.Next(CancellationReasons.Length)] : null;
                // The counters ProviderStats would have kept had these bookings moved through the app.
                plan.Completed += status == BookingStatus.Completed ? 1 : 0;
                plan.NoShows += status == BookingStatus.NoShow ? 1 : 0;
                plan.ProviderCancelled += reason == "Provider unavailable" ? 1 : 0;
                if (confirmedAt is { } confirmed)
                {
                    plan.Confirmed++;
                    plan.ConfirmMinutes += (long)(confirmed - createdAt).TotalMinutes;
                }
                insertBooking.Run(bookingId, serviceId, plan.Id, customerIds[customer], status.ToWire(), date, startUtc, duration, endUtc,
                    endedAt, customerNote, "",
                    reason,
                    price, plan.Currency, null, version, createdAt, updatedAt, confirmedAt,
                    remindersSent ? startUtc.AddHours(-24) : null, remindersSent ? startUtc.AddHours(-1) : null,
                    // The iCalendar SEQUENCE the entity would have bumped: on confirmation and on cancellation.
                    (confirmedAt is null ? 0 : 1) + (status == BookingStatus.Cancelled ? 1 : 0));

                var method = random.Next(5) == 0 ? PaymentMethod.Card : PaymentMethod.OnCompletion;
                var paymentStatus = status switch
                {
                    BookingStatus.Completed => PaymentStatus.Captured,
                    BookingStatus.Cancelled or BookingStatus.NoShow => PaymentStatus.Voided,
                    _ => method == PaymentMethod.Card ? PaymentStatus.Authorized : PaymentStatus.Pending,
                };
                insertPayment.Run(bookingId, method.ToString(), paymentStatus.ToString(), price, 0L, plan.Currency,
                    method == PaymentMethod.Card ? $"test_{random.NextInt64():x16}" : null, createdAt, updatedAt);

                if (status == BookingStatus.Completed && random.Next(2) == 0)
                {
                    var rating = random.Next(100) switch { < 50 => 5, < 80 => 4, < 92 => 3, < 97 => 2, _ => 1 };
                    var reviewedAt = endUtc.AddMinutes(60 + random.Next(72 * 60));
                    if (reviewedAt > now)
                    {
                        reviewedAt = now.AddMinutes(-1);
                    }
                    insertReview.Run(bookingId, plan.Id, customerIds[customer], rating, ReviewComments[random.Next(ReviewComments.Length)], reviewedAt);
                    plan.RatingSum += rating;
                    plan.ReviewCount++;
                    reviews++;
                }
                written++;
            }
            if (!placed)
            {
                skipped++;
            }
        }
        progress($"bookings: {written} written, {skipped} skipped for lack of free time, {reviews} reviews ({clock.Elapsed.TotalSeconds:F1}s)");
        return (written, skipped, reviews);
    }

    private static Dictionary<string, long> EnsureCategories(SqliteConnection connection, SqliteTransaction tx)
    {
        var existing = new Dictionary<string, long>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT \"Slug\", \"Id\" FROM \"Categories\"";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                existing[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        using var insert = new Statement(connection, tx, "Categories", "Slug", "Name", "Description", "SortOrder");
        for (var i = 0; i < DemoSeeder.CategoryData.Length; i++)
        {
            var (slug, name, description) = DemoSeeder.CategoryData[i];
            if (!existing.ContainsKey(slug))
            {
                insert.Run(slug, name, description, i);
                existing[slug] = Scalar(connection, tx, "SELECT last_insert_rowid()");
            }
        }
        return existing;
    }

    private static Dictionary<string, long> RoleIds(SqliteConnection connection, SqliteTransaction tx)
    {
        var ids = new Dictionary<string, long>();
        foreach (var role in Roles.All)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"NormalizedName\" = @name";
            command.Parameters.AddWithValue("@name", role.ToUpperInvariant());
            ids[role] = command.ExecuteScalar() is long id ? id : throw new InvalidOperationException($"Role {role} is missing; run the migrations first.");
        }
        return ids;
    }

    private static string PersonName(Random random) => $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";

    private static TimeOnly Time(int minuteOfDay) => new(minuteOfDay / 60, minuteOfDay % 60);

    /// <summary>Identity's format (base32 of 20 bytes), drawn from the seeded random so reruns are identical.</summary>
    private static string SecurityStamp(Random random)
    {
        Span<byte> bytes = stackalloc byte[20];
        random.NextBytes(bytes);
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < 32; i++)
        {
            var bit = i * 5;
            var value = (bytes[bit / 8] << 8 | (bit / 8 + 1 < 20 ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8) & 31;
            chars[i] = Base32[value];
        }
        return new string(chars);
    }

    private static Guid StableGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class ProviderPlan
    {
        public long Id;
        public required TimeZoneInfo Zone;
        public required string Currency;
        public int BufferMinutes;
        public int DayStart;
        public int DayEnd;
        public bool Lunch;
        public bool Saturday;
        public DateTime CreatedAt;
        public int RatingSum;
        public int ReviewCount;
        public int Completed;
        public int ProviderCancelled;
        public int NoShows;
        public int Confirmed;
        public long ConfirmMinutes;
        public readonly List<(long Id, int Duration, long Price)> Services = [];
        private readonly List<(DateTime Start, DateTime End)> _occupied = [];

        /// <summary>Working minutes of the local day: weekdays as planned, Saturday 9-14 for some, Sunday off.</summary>
        public (int Start, int End) Hours(DayOfWeek day) => day switch
        {
            DayOfWeek.Sunday => (0, 0),
            DayOfWeek.Saturday => Saturday ? (9 * 60, 14 * 60) : (0, 0),
            _ => (DayStart, DayEnd),
        };

        /// <summary>Claims the span unless it comes within the buffer of a booking already placed.</summary>
        public bool TryOccupy(DateTime start, DateTime end)
        {
            var buffer = TimeSpan.FromMinutes(BufferMinutes);
            foreach (var (otherStart, otherEnd) in _occupied)
            {
                if (start < otherEnd + buffer && otherStart < end + buffer)
                {
                    return false;
                }
            }
            _occupied.Add((start, end));
            return true;
        }
    }

    /// <summary>One prepared statement, its parameters rebound for every row.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Statement(SqliteConnection connection, SqliteTransaction tx, string table, params string[] columns)
            : this(connection, tx,
                $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})",
                columns.Length)
        {
        }

        public Statement(SqliteConnection connection, SqliteTransaction tx, string sql)
            : this(connection, tx, sql, sql.Count(c => c == '@'))
        {
        }

        private Statement(SqliteConnection connection, SqliteTransaction tx, string sql, int parameterCount)
        {
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _command.CommandText = sql;
            _parameters = new SqliteParameter[parameterCount];
            for (var i = 0; i < parameterCount; i++)
            {
                _parameters[i] = _command.Parameters.Add(new SqliteParameter($"@p{i}", null));
            }
            _command.Prepare();
        }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
