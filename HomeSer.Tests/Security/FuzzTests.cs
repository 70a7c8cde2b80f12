using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HomeSer.Tests.Support;
using Xunit.Abstractions;

namespace HomeSer.Tests.Security;

/// <summary>
/// Every operation of the OpenAPI document and the pages' query strings, fed hostile values (wrong types, extreme
/// numbers and dates, instants without offsets, lone surrogates, huge and empty strings, malformed JSON) by four kinds
/// of caller. Deterministic (fixed seed). Nothing may answer 5xx, and every /api failure has the problem+json shape.
/// </summary>
public sealed class FuzzTests(DemoSeededFactory factory, ITestOutputHelper output) : IClassFixture<DemoSeededFactory>
{
    private const int ApiRequests = 1500;
    private const int PageRequests = 300;

    private static readonly string[] Strings =
    [
        "", " ", "a", "Berlin", "52.52,13.405", "plumbing", "pending", "card", "tok_visa", "customer", "provider", "Admin",
        "9999-12-31", "0001-01-01", "2030-01-09", "2030-01-09T10:00:00Z", "2030-01-09T10:00:00", "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", "2030-01-09T10:00:00+14:00", "-1", "0", "2147483648", "1e400", "NaN", "null", "true",
        "\\ud800", "\\udfff\\ud800", "\\u0000", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
        "monday", "25:61", "08:00", "Europe/Berlin", "Mars/Olympus", "x@y", "🏠🔧", new string('x', 5000),
    ];

    private static readonly string[] Numbers =
        ["0", "-1", "1", "2", "3", "5", "31", "32", "100", "101", "999999999", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1.5", "1e308", "-0"];

    private static readonly string[] QueryValues =
    [
        "", "0", "-1", "1", "2", "31", "32", "101", "999999999", "2147483648", "abc", "1.5", "9999-12-31", "0001-01-01", "2030-01-09",
        "2030-01-09T10:00:00Z", "Berlin", "52.52,13.405", "91,181", "plumbing", "pending", "%F0%9F%8F%A0", "%00", "%ED%A0%80", "true",
        new string('q', 3000),
    ];

    private static readonly string[] PageRoutes =
    [
        "/", "/Search", "/Services/1", "/Services/999999", "/Bookings", "/Bookings/New", "/Bookings/1", "/Bookings/1/Reschedule", "/Bookings/Series/1",
        "/Provider", "/Provider/Schedule", "/Provider/TimeOff", "/Provider/Services", "/Provider/Reviews", "/Notifications", "/Waitlist",
        "/Admin", "/Admin/Users", "/Admin/Providers", "/Admin/Bookings", "/Admin/Categories", "/Account/Login", "/Account/ResetPassword",
    ];

    private static readonly string[] PageParameters =
        ["q", "location", "lat", "lng", "category", "date", "page", "week", "service", "provider", "start", "status", "from", "to", "email", "code", "returnUrl", "duration"];

    private sealed record Failure(string Method, string Url, string? Body, int Status, string Detail);

    [Fact]
    public async Task Hostile_input_never_answers_a_server_error()
    {
        var random = new Random(14);
        var callers = new[]
        {
            factory.CreateClient(new() { AllowAutoRedirect = false }),
            await BearerAsync("customer@homeser.test"),
            await BearerAsync("provider@homeser.test"),
            await BearerAsync("admin@homeser.test"),
        };
        var operations = await OperationsAsync(callers[0]);
        var failures = new List<Failure>();
        var statuses = new SortedDictionary<int, int>();
        var observed = new Dictionary<(string Method, string Template), SortedSet<int>>();

        for (var i = 0; i < ApiRequests; i++)
        {
            var (method, template, parameters, properties, _) = operations[random.Next(operations.Count)];
            var url = Fill(template, random) + Query(parameters, random);
            var body = method is "get" or "delete" ? null : Body(properties, random);
            var status = await SendAsync(callers[random.Next(callers.Length)], method, url, body, random, failures, statuses, apiShape: true);
            var seen = observed.TryGetValue((method, template), out var set) ? set : observed[(method, template)] = [];
            seen.Add(status);
        }
        for (var i = 0; i < PageRequests; i++)
        {
            var url = PageRoutes[random.Next(PageRoutes.Length)] + Query(PageParameters.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToList(), random);
            await SendAsync(callers[random.Next(callers.Length)], "get", url, null, random, failures, statuses, apiShape: false);
        }

        // Every status a client can meet is in the document, so a generated client has a type for it.
        var documented = operations.ToDictionary(o => (o.Method, o.Template), o => o.Documented);
        var undocumented = observed
            .SelectMany(o => o.Value.Where(status => !documented[o.Key].Contains(status)).Select(status => $"{o.Key.Method.ToUpperInvariant()} {o.Key.Template} answered {status}"))
            .ToList();

        // "[figures]" lines are printed by .ci/test after the run, for the closing note.
        output.WriteLine($"[figures] fuzz: {ApiRequests} API requests over {observed.Count} of {operations.Count} operations and {PageRequests} page requests; "
            + $"5xx = {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}"))
            + $"; observed (operation, status) pairs: {observed.Sum(o => o.Value.Count)}, undocumented: {undocumented.Count}");
        Assert.True(failures.Count == 0,
            $"{failures.Count} bad answers, e.g.:\n" + string.Join("\n", failures.Take(8).Select(f => $"{f.Status} {f.Method.ToUpperInvariant()} {f.Url} {Shorten(f.Body)} -> {Shorten(f.Detail)}")));
        Assert.True(undocumented.Count == 0, "statuses missing from /openapi/v1.json:\n" + string.Join("\n", undocumented));
    }

    private async Task<HttpClient> BearerAsync(string email)
    {
        var client = await factory.ClientForAsync(email);
        return client;
    }

    private static async Task<List<(string Method, string Template, List<string> Parameters, List<string> Properties, HashSet<int> Documented)>> OperationsAsync(HttpClient client)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = document.GetProperty("components").TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<(string, string, List<string>, List<string>, HashSet<int>)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                var properties = new List<string>();
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").EnumerateObject().FirstOrDefault().Value is { ValueKind: JsonValueKind.Object } media
                    && media.TryGetProperty("schema", out var schema))
                {
                    if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object
                        && schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var resolved))
                    {
                        schema = resolved;
                    }
                    if (schema.TryGetProperty("properties", out var props))
                    {
                        properties.AddRange(props.EnumerateObject().Select(p => p.Name));
                    }
                }
                var documented = operation.Value.GetProperty("responses").EnumerateObject()
                    .Select(r => int.TryParse(r.Name, CultureInfo.InvariantCulture, out var code) ? code : 0).ToHashSet();
                operations.Add((operation.Name, path.Name, parameters, properties, documented));
            }
        }
        Assert.True(operations.Count > 20, $"the document lists the API ({operations.Count} operations)");
        return operations;
    }

    private static string Fill(string template, Random random)
    {
        var url = new StringBuilder();
        foreach (var segment in template.Split('/'))
        {
            // Mostly ids that exist in the demo data, sometimes extreme ones.
            url.Append(!segment.StartsWith('{') ? segment
                : random.Next(4) == 0 ? Numbers[random.Next(Numbers.Length)]
                : random.Next(1, 12).ToString(CultureInfo.InvariantCulture));
            url.Append('/');
        }
        return url.ToString().TrimEnd('/') + (template.EndsWith('/') ? "/" : "");
    }

    private static string Query(List<string> parameters, Random random)
    {
        var chosen = parameters.Where(_ => random.Next(3) > 0).ToList();
        return chosen.Count == 0 ? "" : "?" + string.Join("&", chosen.Select(p => $"{p}={Uri.EscapeDataString(QueryValues[random.Next(QueryValues.Length)]).Replace("%25", "%", StringComparison.Ordinal)}"));
    }

    private static string Body(List<string> properties, Random random)
    {
        switch (random.Next(20))
        {
            case 0: return "{\"unterminated\": ";
            case 1: return "[1, 2, 3]";
            case 2: return "\"just a string\"";
            case 3: return "";
        }
        var fields = properties.Where(_ => random.Next(4) > 0).Select(p => $"\"{p}\": {Value(random, depth: 0)}");
        return "{" + string.Join(", ", fields) + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth > 1 ? 4 : 7) switch
    {
        0 => $"\"{Strings[random.Next(Strings.Length)]}\"",
        1 => Numbers[random.Next(Numbers.Length)],
        2 => random.Next(2) == 0 ? "true" : "false",
        3 => "null",
        4 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(_ => Value(random, depth + 1))) + "]",
        5 => "{\"day\": \"monday\", \"start\": " + Value(random, depth + 1) + ", \"end\": \"18:00\", \"breaks\": " + Value(random, depth + 1) + "}",
        _ => $"\"{Strings[random.Next(Strings.Length)]}\"",
    };

    private static async Task<int> SendAsync(HttpClient client, string method, string url, string? body, Random random,
        List<Failure> failures, SortedDictionary<int, int> statuses, bool apiShape)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(15) == 0 ? "text/plain" : "application/json");
        }
        if (random.Next(10) == 0)
        {
            request.Headers.TryAddWithoutValidation("If-Match", random.Next(2) == 0 ? "\"1\"" : "garbage");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Strings[random.Next(Strings.Length)]);
        }
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            failures.Add(new Failure(method, url, body, status, text));
        }
        else if (apiShape && status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add(new Failure(method, url, body, status, "not problem+json: " + text));
        }
        return status;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 300 ? text[..300] + "…" : text;
}
