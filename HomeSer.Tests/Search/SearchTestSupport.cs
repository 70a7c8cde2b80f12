using HomeSer.Tests.Support;
using HomeSer.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Search;

internal static class SearchTestSupport
{
    /// <summary>
    /// Test arrangements write providers, services and categories straight into the database, past the services that
    /// announce catalog changes; this announces one the way they do (a whole-catalog change: the search index is
    /// rebuilt by the next search). Tests of the announcements themselves go through the real services instead.
    /// </summary>
    public static async Task AnnounceCatalogChangedAsync(this HomeSerFactory factory)
    {
        await using var scope = factory.Scope();
        var events = scope.ServiceProvider.GetRequiredService<IDomainEventPublisher>();
        await events.PublishAsync([new CatalogChanged(null, factory.Clock.GetUtcNow().UtcDateTime)], CancellationToken.None);
    }

    /// <summary>A client for searching after arranging data directly in the database.</summary>
    public static async Task<HttpClient> SearchClientAsync(this HomeSerFactory factory)
    {
        await factory.AnnounceCatalogChangedAsync();
        return factory.CreateClient();
    }
}
