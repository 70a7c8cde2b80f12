using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace HomeSer.Web.Infrastructure;

/// <summary>A validated page request: 1-based page, 1..100 items per page.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Far past any real list, and small enough that (page - 1) * page_size never overflows.</summary>
    public const int MaxPage = 100_000;

    public static readonly PageRequest First = new(1, DefaultPageSize);

    public int Skip => (Page - 1) * PageSize;
}

/// <summary>One page of a list and the total count of the whole list, as a domain service returns it.</summary>
public sealed record PagedList<T>(int Count, IReadOnlyList<T> Items);

/// <summary>The contract's list shape: <c>{count, next, previous, results}</c>.</summary>
public sealed record PageResponse<T>(int Count, string? Next, string? Previous, IReadOnlyList<T> Results);

/// <summary>
/// The query parameters every list endpoint takes (bound with <c>[AsParameters]</c>); AddValidation checks the bounds
/// before the handler runs, and the OpenAPI document shows them.
/// </summary>
public sealed record PageQuery(
    [property: Range(1, PageRequest.MaxPage, ErrorMessage = PageQuery.PageMessage)][FromQuery(Name = "page")] int? Page,
    [property: Range(1, PageRequest.MaxPageSize, ErrorMessage = PageQuery.PageSizeMessage)][FromQuery(Name = "page_size")] int? PageSize)
{
    private const string PageMessage = "Must be between {1} and {2}.";
    private const string PageSizeMessage = "Must be between {1} and {2}.";

    /// <summary>The page asked for, defaults filled in (the bounds were checked before the handler ran).</summary>
    public PageRequest ToRequest() => new(Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);
}

public static class Pagination
{
    /// <summary>Wraps a page with absolute next/previous links that keep the request's other query parameters.</summary>
    public static PageResponse<T> ToResponse<T>(this PagedList<T> list, HttpRequest request, PageRequest page) =>
        Respond(list.Count, list.Items, request, page);

    public static PageResponse<T> Respond<T>(int count, IReadOnlyList<T> items, HttpRequest request, PageRequest page)
    {
        var hasNext = page.Skip + items.Count < count && items.Count > 0;
        var hasPrevious = page.Page > 1;
        return new PageResponse<T>(
            count,
            hasNext ? Link(request, page with { Page = page.Page + 1 }) : null,
            hasPrevious ? Link(request, page with { Page = Math.Min(page.Page - 1, LastPage(count, page.PageSize)) }) : null,
            items);
    }

    private static int LastPage(int count, int pageSize) => Math.Max(1, (count + pageSize - 1) / pageSize);

    private static string Link(HttpRequest request, PageRequest page)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["page"] = page.Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        query["page_size"] = page.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // From the configured public origin, not the request's Host (which the client chooses).
        var origin = request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>();
        var baseUrl = origin.Url(request.Path.ToString().TrimStart('/'));
        return QueryHelpers.AddQueryString(baseUrl, query.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value))));
    }
}
