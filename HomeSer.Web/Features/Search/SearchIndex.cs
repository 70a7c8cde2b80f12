using HomeSer.Web.Data;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Search;

/// <summary>
/// One searchable service with everything the ranking and the result need from its provider and category: a row of
/// the database search's projection, and an entry of <see cref="SearchIndex"/>. Never mutated once built.
/// </summary>
internal sealed record CandidateRow(
    int ServiceId, string ServiceName, string ServiceDescription, int CategoryId, string CategorySlug, string CategoryName,
    long PriceCents, string Currency, int DurationMinutes, int ProviderId, string ProviderName, double Latitude, double Longitude,
    double ServiceRadiusKm, int RatingSum, int ReviewCount, bool IsVerified, string TimeZoneId, int BufferMinutes,
    int MinNoticeMinutes, int MaxAdvanceDays, int SlotStepMinutes, long ScheduleVersion, int CompletedCount,
    int ProviderCancelledCount, int NoShowCount, int ConfirmedCount, long TotalConfirmMinutes, int TravelSpeedKmh)
{
    public ScheduleRules Rules => new(ProviderId, TimeZoneId, BufferMinutes, MinNoticeMinutes, MaxAdvanceDays, SlotStepMinutes, TravelSpeedKmh);
}

/// <summary>A category as search resolves and shows it.</summary>
internal sealed record IndexedCategory(int Id, string Slug, string Name);

/// <summary>
/// The search candidates in memory: every active service of every active, verified provider, with its provider's
/// ranking and calendar inputs (<see cref="CandidateRow"/>), grouped by category so a city + category search scans one
/// small array with no SQL and no EF materialisation. Free time still comes from <see cref="Scheduling.AvailabilityCache"/>.
/// <para>
/// Built lazily on the first search (one query per table: categories, providers, services). Kept exact by events,
/// which are published after commit: <see cref="CatalogChanged"/> (services, service area, verification, role,
/// reviews, booking counters; without a provider: categories) and <see cref="AvailabilityChanged"/> (raised by every
/// write that bumps a provider's <c>ScheduleVersion</c>, which is part of the calendar cache key) reload that one
/// provider from the database; a category change makes the next search rebuild the whole index.
/// </para>
/// <para>
/// Every node keeps its own index and is invalidated by the same events; with more than one node, events raised on
/// another node reach this one only once a backplane (the live/Redis one, future work) carries them. Until then, and as
/// a safety net against a failed handler, an index older than <see cref="MaxAge"/> is rebuilt by the next search: the
/// events are the mechanism, the age is only the bound on how long a missed one can show.
/// </para>
/// <para>
/// Races: each change takes a generation number after its commit, before it reads; a provider's rows are replaced only
/// by a read with a higher generation than the one that produced them, and a full build (which also takes a generation
/// before it reads) re-applies the provider reads that finished while it was loading with a higher generation.
/// </para>
/// </summary>
public sealed class SearchIndex(IServiceScopeFactory scopes) :
    IDomainEventHandler<CatalogChanged>, IDomainEventHandler<AvailabilityChanged>
{
    /// <summary>Safety net, not the mechanism: an index this old is rebuilt by the next search.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(60);

    /// <summary><see cref="DefaultMaxAge"/>; changed only by tests.</summary>
    internal TimeSpan MaxAge { get; set; } = DefaultMaxAge;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _build = new(1, 1);
    private long _generation;
    private long _invalidatedAt;
    private bool _building;
    private Snapshot? _snapshot;

    // Provider reads that finished while a full build was loading (generation, rows); applied on top of it.
    private readonly Dictionary<int, (long Generation, ProviderData? Data)> _whileBuilding = [];

    /// <summary>The current index; builds it when there is none or the catalog changed, rebuilds it when too old.</summary>
    internal async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _snapshot);
        if (current is not null && current.BuildGeneration > Volatile.Read(ref _invalidatedAt))
        {
            if (Environment.TickCount64 - current.BuiltAtTicks < MaxAge.TotalMilliseconds)
            {
                return current;
            }
            // Too old: one search rebuilds, the others meanwhile answer from the current one.
            if (!await _build.WaitAsync(0, cancellationToken))
            {
                return current;
            }
        }
        else
        {
            await _build.WaitAsync(cancellationToken);
        }
        try
        {
            current = Volatile.Read(ref _snapshot);
            if (current is not null && current.BuildGeneration > Volatile.Read(ref _invalidatedAt)
                && Environment.TickCount64 - current.BuiltAtTicks < MaxAge.TotalMilliseconds)
            {
                return current;
            }
            return await BuildAsync(cancellationToken);
        }
        finally
        {
            _build.Release();
        }
    }

    public Task HandleAsync(CatalogChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.ProviderId is { } providerId)
        {
            return RefreshAsync(providerId);
        }
        InvalidateAll();
        return Task.CompletedTask;
    }

    public Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return RefreshAsync(domainEvent.ProviderId);
    }

    /// <summary>The next search rebuilds the whole index (categories changed).</summary>
    internal void InvalidateAll()
    {
        lock (_gate)
        {
            _invalidatedAt = ++_generation;
        }
    }

    /// <summary>Reloads one provider and its services from the database into the index.</summary>
    internal async Task RefreshAsync(int providerId)
    {
        long generation;
        lock (_gate)
        {
            if (_snapshot is null && !_building)
            {
                // Nothing built and nothing loading: the first build reads this change anyway.
                return;
            }
            generation = ++_generation;
        }

        ProviderData? data;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
            // Not the request's token: the change is committed, so an abandoned request must not leave the index behind.
            data = await LoadProviderAsync(db, providerId, CancellationToken.None);
        }

        lock (_gate)
        {
            if (_building)
            {
                if (!_whileBuilding.TryGetValue(providerId, out var seen) || seen.Generation < generation)
                {
                    _whileBuilding[providerId] = (generation, data);
                }
            }
            if (_snapshot is { } snapshot && !Apply(snapshot, providerId, generation, data))
            {
                _invalidatedAt = ++_generation;
            }
        }
    }

    private async Task<Snapshot> BuildAsync(CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            _building = true;
            generation = ++_generation;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
            var categories = await db.Categories.AsNoTracking()
                .Select(c => new IndexedCategory(c.Id, c.Slug, c.Name))
                .ToListAsync(cancellationToken);
            var providers = await db.Providers.AsNoTracking()
                .Where(p => p.IsActive && p.IsVerified)
                .Select(ProviderProjection)
                .ToListAsync(cancellationToken);
            var services = (await db.Services.AsNoTracking()
                    .Where(s => s.IsActive && s.Provider!.IsActive && s.Provider.IsVerified)
                    .Select(ServiceProjection)
                    .ToListAsync(cancellationToken))
                .ToLookup(s => s.ProviderId);

            var snapshot = new Snapshot(generation, Environment.TickCount64, categories);
            var byCategory = new List<CandidateRow>[categories.Count];
            for (var i = 0; i < byCategory.Length; i++)
            {
                byCategory[i] = [];
            }
            var consistent = true;
            foreach (var provider in providers)
            {
                var rows = snapshot.Rows(new ProviderData(provider, [.. services[provider.Id].OrderBy(s => s.Id)]));
                if (rows is null)
                {
                    consistent = false;
                    continue;
                }
                snapshot.ByProvider[provider.Id] = (generation, rows);
                foreach (var row in rows)
                {
                    byCategory[snapshot.SlotOf[row.CategoryId]].Add(row);
                }
            }
            for (var i = 0; i < byCategory.Length; i++)
            {
                snapshot.ByCategory[i] = CategoryRows.Sort(byCategory[i]);
            }

            lock (_gate)
            {
                foreach (var (providerId, (seenGeneration, data)) in _whileBuilding)
                {
                    consistent &= Apply(snapshot, providerId, seenGeneration, data);
                }
                _whileBuilding.Clear();
                _building = false;
                if (!consistent)
                {
                    // A service in a category created after the categories were read: the next search builds again.
                    _invalidatedAt = ++_generation;
                }
                Volatile.Write(ref _snapshot, snapshot);
            }
            return snapshot;
        }
        catch
        {
            lock (_gate)
            {
                _whileBuilding.Clear();
                _building = false;
            }
            throw;
        }
    }

    /// <summary>
    /// Replaces one provider's rows if this read is newer than theirs; false if it names an unknown category (or the
    /// arrays disagree), which makes the next search rebuild.
    /// </summary>
    private static bool Apply(Snapshot snapshot, int providerId, long generation, ProviderData? data)
    {
        if (!snapshot.ByProvider.TryGetValue(providerId, out var old))
        {
            old = (snapshot.BuildGeneration, []);
        }
        if (generation <= old.Generation)
        {
            return true;
        }
        CandidateRow[]? rows = data is null ? [] : snapshot.Rows(data);
        if (rows is null)
        {
            return false;
        }
        snapshot.ByProvider[providerId] = (generation, rows);
        if (SamePlaces(old.Rows, rows))
        {
            // The usual change (a booking bumps the schedule version, a review or a counter moves): the same services
            // in the same categories at the same coordinates. Each row is swapped where it stands; a reader sees the
            // old or the new row, each complete, and no category array is copied.
            for (var i = 0; i < rows.Length; i++)
            {
                var slot = Volatile.Read(ref snapshot.ByCategory[snapshot.SlotOf[rows[i].CategoryId]]);
                var at = slot.FirstAtOrAbove(rows[i].Latitude);
                while (at < slot.Rows.Length && !ReferenceEquals(slot.Rows[at], old.Rows[i]))
                {
                    at++;
                }
                if (at == slot.Rows.Length)
                {
                    // Cannot happen while the arrays and ByProvider agree; if they ever do not, rebuild.
                    return false;
                }
                Volatile.Write(ref slot.Rows[at], rows[i]);
            }
            return true;
        }
        foreach (var slot in old.Rows.Concat(rows).Select(r => snapshot.SlotOf[r.CategoryId]).Distinct())
        {
            var current = Volatile.Read(ref snapshot.ByCategory[slot]);
            var updated = new List<CandidateRow>(current.Rows.Length + rows.Length);
            foreach (var row in current.Rows)
            {
                if (row.ProviderId != providerId)
                {
                    updated.Add(row);
                }
            }
            var added = rows.Where(r => snapshot.SlotOf[r.CategoryId] == slot).ToList();
            if (added.Count > 0)
            {
                // One provider's rows share its coordinates: inserted at their place, the order by latitude holds.
                var at = 0;
                while (at < updated.Count && updated[at].Latitude < added[0].Latitude)
                {
                    at++;
                }
                updated.InsertRange(at, added);
            }
            // Readers take the reference once; they see either the old or the new rows, both complete.
            Volatile.Write(ref snapshot.ByCategory[slot], CategoryRows.Sorted([.. updated]));
        }
        return true;
    }

    private static bool SamePlaces(CandidateRow[] old, CandidateRow[] rows)
    {
        if (old.Length != rows.Length || old.Length == 0)
        {
            return false;
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (old[i].ServiceId != rows[i].ServiceId || old[i].CategoryId != rows[i].CategoryId
                || old[i].Latitude.CompareTo(rows[i].Latitude) != 0 || old[i].Longitude.CompareTo(rows[i].Longitude) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static async Task<ProviderData?> LoadProviderAsync(HomeSerDbContext db, int providerId, CancellationToken cancellationToken)
    {
        var provider = await db.Providers.AsNoTracking()
            .Where(p => p.Id == providerId && p.IsActive && p.IsVerified)
            .Select(ProviderProjection)
            .FirstOrDefaultAsync(cancellationToken);
        if (provider is null)
        {
            return null;
        }
        var services = await db.Services.AsNoTracking()
            .Where(s => s.ProviderId == providerId && s.IsActive)
            .OrderBy(s => s.Id)
            .Select(ServiceProjection)
            .ToListAsync(cancellationToken);
        return new ProviderData(provider, services);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Catalog.ProviderProfile, ProviderFields>> ProviderProjection =
        p => new ProviderFields(p.Id, p.DisplayName, p.Latitude, p.Longitude, p.ServiceRadiusKm, p.RatingSum, p.ReviewCount,
            p.IsVerified, p.TimeZoneId, p.BufferMinutes, p.MinNoticeMinutes, p.MaxAdvanceDays, p.SlotStepMinutes, p.ScheduleVersion,
            p.CompletedCount, p.ProviderCancelledCount, p.NoShowCount, p.ConfirmedCount, p.TotalConfirmMinutes, p.TravelSpeedKmh);

    private static readonly System.Linq.Expressions.Expression<Func<Catalog.Service, ServiceFields>> ServiceProjection =
        s => new ServiceFields(s.Id, s.ProviderId, s.Name, s.Description, s.CategoryId, s.PriceCents, s.Currency, s.DurationMinutes);

    internal sealed record ProviderFields(
        int Id, string DisplayName, double Latitude, double Longitude, double ServiceRadiusKm, int RatingSum, int ReviewCount,
        bool IsVerified, string TimeZoneId, int BufferMinutes, int MinNoticeMinutes, int MaxAdvanceDays, int SlotStepMinutes,
        long ScheduleVersion, int CompletedCount, int ProviderCancelledCount, int NoShowCount, int ConfirmedCount, long TotalConfirmMinutes,
        int TravelSpeedKmh);

    internal sealed record ServiceFields(
        int Id, int ProviderId, string Name, string Description, int CategoryId, long PriceCents, string Currency, int DurationMinutes);

    internal sealed record ProviderData(ProviderFields Provider, IReadOnlyList<ServiceFields> Services);

    /// <summary>
    /// The candidates of one category ordered by latitude, with their coordinates in flat arrays beside them: a search
    /// finds the latitude band of its box by binary search and checks longitudes without touching the rows it skips.
    /// The order and the coordinates never change once built; a row may be swapped in place for a newer row of the same
    /// service at the same place (see Apply). (Coordinates are never NaN: the API refuses them.)
    /// </summary>
    internal sealed class CategoryRows
    {
        public static readonly CategoryRows Empty = new([]);

        private CategoryRows(CandidateRow[] rows)
        {
            Rows = rows;
            Latitudes = new double[rows.Length];
            Longitudes = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                Latitudes[i] = rows[i].Latitude;
                Longitudes[i] = rows[i].Longitude;
            }
        }

        public CandidateRow[] Rows { get; }
        public double[] Latitudes { get; }
        public double[] Longitudes { get; }

        public static CategoryRows Sort(IEnumerable<CandidateRow> rows) => new([.. rows.OrderBy(r => r.Latitude)]);

        /// <summary>From rows already ordered by latitude.</summary>
        public static CategoryRows Sorted(CandidateRow[] rows) => new(rows);

        /// <summary>The first index whose latitude is at least <paramref name="latitude"/>.</summary>
        public int FirstAtOrAbove(double latitude)
        {
            int low = 0, high = Latitudes.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (Latitudes[middle] < latitude)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }
            return low;
        }
    }

    /// <summary>
    /// One build of the index. Categories are fixed for its lifetime (a category change builds a new one); each
    /// category's array is replaced, never changed, when a provider is refreshed.
    /// </summary>
    internal sealed class Snapshot
    {
        public Snapshot(long buildGeneration, long builtAtTicks, IReadOnlyList<IndexedCategory> categories)
        {
            BuildGeneration = buildGeneration;
            BuiltAtTicks = builtAtTicks;
            Categories = categories;
            SlotOf = categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
            BySlug = categories.GroupBy(c => c.Slug, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
            ByCategory = new CategoryRows[categories.Count];
            for (var i = 0; i < ByCategory.Length; i++)
            {
                ByCategory[i] = CategoryRows.Empty;
            }
        }

        public long BuildGeneration { get; }
        public long BuiltAtTicks { get; }
        public IReadOnlyList<IndexedCategory> Categories { get; }
        public Dictionary<int, int> SlotOf { get; }
        public Dictionary<string, int> BySlug { get; }

        /// <summary>Per category slot, its candidates; read without a lock, replaced whole under the index's lock.</summary>
        public CategoryRows[] ByCategory { get; }

        /// <summary>Per provider, the generation of the read its rows come from; changed only under the index's lock.</summary>
        public Dictionary<int, (long Generation, CandidateRow[] Rows)> ByProvider { get; } = [];

        /// <summary>The candidates of one category, or every candidate for null.</summary>
        public IEnumerable<CategoryRows> Slots(int? categoryId)
        {
            if (categoryId is { } id)
            {
                if (SlotOf.TryGetValue(id, out var slot))
                {
                    yield return Volatile.Read(ref ByCategory[slot]);
                }
                yield break;
            }
            for (var i = 0; i < ByCategory.Length; i++)
            {
                yield return Volatile.Read(ref ByCategory[i]);
            }
        }

        // Names, descriptions, currencies and zones repeat across services: one instance of each per build keeps the
        // index small. Used by the build (one thread) and by refreshes (under the index's lock) only.
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        private string Share(string value)
        {
            if (_strings.TryGetValue(value, out var shared))
            {
                return shared;
            }
            _strings[value] = value;
            return value;
        }

        /// <summary>The rows of one provider's services; null when one names a category this build does not know.</summary>
        public CandidateRow[]? Rows(ProviderData data)
        {
            var p = data.Provider;
            var rows = new CandidateRow[data.Services.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                var s = data.Services[i];
                if (!SlotOf.TryGetValue(s.CategoryId, out var slot))
                {
                    return null;
                }
                var category = Categories[slot];
                rows[i] = new CandidateRow(
                    s.Id, Share(s.Name), Share(s.Description), s.CategoryId, category.Slug, category.Name, s.PriceCents, Share(s.Currency),
                    s.DurationMinutes, p.Id, p.DisplayName, p.Latitude, p.Longitude, p.ServiceRadiusKm, p.RatingSum, p.ReviewCount, p.IsVerified,
                    Share(p.TimeZoneId), p.BufferMinutes, p.MinNoticeMinutes, p.MaxAdvanceDays, p.SlotStepMinutes, p.ScheduleVersion,
                    p.CompletedCount, p.ProviderCancelledCount, p.NoShowCount, p.ConfirmedCount, p.TotalConfirmMinutes, p.TravelSpeedKmh);
            }
            return rows;
        }
    }
}
