using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Records what a user would see go wrong on a page: console errors, uncaught script errors, requests that failed and
/// responses of 400 or more. A screen whose own status is expected (a 404 page) names it, so only that one is allowed.
/// </summary>
public sealed class PageWatch
{
    private readonly List<string> _problems = [];
    private readonly object _gate = new();

    public PageWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add($"script error: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A navigation that replaces the page aborts the previous page's open requests; that is not a failure.
            if (request.Failure is not "net::ERR_ABORTED")
            {
                Add($"request failed: {request.Method} {request.Url} ({request.Failure})");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
    }

    /// <summary>The problems since the last call, leaving out those matching <paramref name="allowed"/>.</summary>
    public IReadOnlyList<string> Take(params string[] allowed)
    {
        lock (_gate)
        {
            var problems = _problems.Where(p => !allowed.Any(a => p.Contains(a, StringComparison.Ordinal))).ToList();
            _problems.Clear();
            return problems;
        }
    }

    private void Add(string problem)
    {
        lock (_gate)
        {
            _problems.Add(problem);
        }
    }
}
