using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;

namespace HomeSer.Web.Pages.ApiDocs;

/// <summary>A human-readable list of the JSON API, read from the same OpenAPI document clients download.</summary>
public sealed class IndexModel(IServiceProvider services) : PageModel
{
    public sealed record Route(string Method, string Path, string Summary, IReadOnlyList<string> Responses);
    public sealed record Group(string Tag, IReadOnlyList<Route> Routes);

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var routes =
            from path in document.Paths
            from operation in path.Value.Operations ?? []
            select (Tag: operation.Value.Tags?.FirstOrDefault()?.Name ?? "Other",
                Route: new Route(operation.Key.Method, path.Key, operation.Value.Summary ?? "",
                    (operation.Value.Responses ?? []).Select(r => r.Key).Order().ToList()));
        Groups = routes.GroupBy(r => r.Tag)
            .Select(g => new Group(g.Key, g.Select(r => r.Route).OrderBy(r => r.Path).ThenBy(r => r.Method).ToList()))
            .ToList();
    }
}
