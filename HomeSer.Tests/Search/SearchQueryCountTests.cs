using System.Diagnostics;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HomeSer.Tests.Search;

/// <summary>Availability for the candidates is loaded in one query per table, never one per provider; candidates need none.</summary>
public sealed class SearchQueryCountTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task The_number_of_queries_does_not_grow_with_the_number_of_providers()
    {
        var few = await CategoryWithProvidersAsync(3);
        var many = await CategoryWithProvidersAsync(12);
        var client = await factory.SearchClientAsync();
        // Warm the search index and the cached market medians so both searches run the same way.
        await client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={few}");

        var forFew = await CountQueriesAsync(() => client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={few}&date=2030-01-08"));
        var forMany = await CountQueriesAsync(() => client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={many}&date=2030-01-08"));

        Assert.Equal(forFew, forMany);
        // Weekly hours, breaks, time off, bookings, waitlist holds: the category and the candidates come from the search index.
        Assert.Equal(5, forMany);
    }

    private async Task<string> CategoryWithProvidersAsync(int count)
    {
        var category = $"qc-{Guid.NewGuid():N}"[..20];
        for (var i = 0; i < count; i++)
        {
            await factory.CreateProviderAsync(latitude: 52.52 + i * 0.001, categorySlug: category);
        }
        return category;
    }

    private async Task<int> CountQueriesAsync(Func<Task> act)
    {
        var count = 0;
        using var observer = new ListenerObserver(listener =>
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                return listener.Subscribe(new EventObserver(evt =>
                {
                    if (evt.Key == RelationalEventId.CommandExecuting.Name && evt.Value is CommandEventData data
                        && data.Command.Connection?.ConnectionString.Contains(factory.DatabasePath, StringComparison.Ordinal) == true)
                    {
                        Interlocked.Increment(ref count);
                    }
                }));
            }
            return null;
        });
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        await act();
        return count;
    }

    private sealed class ListenerObserver(Func<DiagnosticListener, IDisposable?> onListener) : IObserver<DiagnosticListener>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener value)
        {
            if (onListener(value) is { } subscription)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(subscription);
                }
            }
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }

    private sealed class EventObserver(Action<KeyValuePair<string, object?>> onEvent) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => onEvent(value);
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
