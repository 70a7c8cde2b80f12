using Microsoft.AspNetCore.Http.Extensions;

namespace HomeSer.Web.Pages.Admin;

/// <summary>Previous/next links for a paged list that keep the request's other query parameters.</summary>
public sealed record Pager(int Page, int LastPage, string? PreviousUrl, string? NextUrl, string Label)
{
    public static Pager For(HttpRequest request, int page, int count, int pageSize, string label)
    {
        var last = Math.Max(1, (count + pageSize - 1) / pageSize);
        return new Pager(page, last, page > 1 ? Url(request, Math.Min(page - 1, last)) : null, page < last ? Url(request, page + 1) : null, label);
    }

    private static string Url(HttpRequest request, int page)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (!string.Equals(key, "p", StringComparison.OrdinalIgnoreCase) && !string.Equals(key, "handler", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? "");
                }
            }
        }
        query.Add("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"{request.PathBase}{request.Path}{query.ToQueryString()}";
    }
}
