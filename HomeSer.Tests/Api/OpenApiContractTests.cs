using System.Net;
using System.Text;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Api;

/// <summary>The OpenAPI document as a contract a generated client can rely on.</summary>
public sealed class OpenApiContractTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<JsonElement> DocumentAsync() =>
        await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Name, path.Name, o.Value)));

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }

    [Fact]
    public async Task Every_operation_has_an_operation_id_and_a_summary()
    {
        var missing = Operations(await DocumentAsync())
            .Where(o => !o.Operation.TryGetProperty("operationId", out _) || !o.Operation.TryGetProperty("summary", out _))
            .Select(o => $"{o.Method} {o.Path}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_protected_operation_names_the_bearer_scheme()
    {
        var document = await DocumentAsync();

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var unmarked = Operations(document)
            .Where(o => o.Operation.GetProperty("responses").TryGetProperty("401", out _) && !o.Path.StartsWith("/api/auth/login") && !o.Path.StartsWith("/api/auth/refresh"))
            .Where(o => !o.Operation.TryGetProperty("security", out var security) || !security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _)))
            .Select(o => $"{o.Method} {o.Path}")
            .ToList();
        Assert.Empty(unmarked);
    }

    [Theory]
    [InlineData("/api/auth/login/")]
    [InlineData("/api/auth/refresh/")]
    public async Task Login_and_refresh_document_their_401(string path)
    {
        var operation = Operations(await DocumentAsync()).Single(o => o.Method == "post" && o.Path.TrimEnd('/') == path.TrimEnd('/')).Operation;

        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task Numbers_are_documented_as_numbers_only()
    {
        var mixed = Descendants(await DocumentAsync())
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
                && type.EnumerateArray().Select(t => t.GetString()).Intersect(["integer", "number"]).Any()
                && type.EnumerateArray().Any(t => t.GetString() == "string"))
            .Select(e => e.ToString())
            .ToList();

        Assert.Empty(mixed);
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    [Fact]
    public async Task Every_error_response_is_the_problem_with_code_errors_and_trace_id()
    {
        var document = await DocumentAsync();

        var wrong = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                var ok = response.Value.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/problem+json", out var media)
                    && Resolve(document, media.GetProperty("schema")).GetProperty("properties") is var properties
                    && new[] { "code", "errors", "trace_id", "status", "title" }.All(member => properties.TryGetProperty(member, out _));
                if (!ok)
                {
                    wrong.Add($"{method} {path} {response.Name}");
                }
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Patch_bodies_require_nothing_and_each_member_may_be_null()
    {
        var document = await DocumentAsync();

        var patches = Operations(document).Where(o => o.Method == "patch").ToList();
        Assert.NotEmpty(patches);
        foreach (var (_, path, operation) in patches)
        {
            var schema = Resolve(document, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            Assert.True(!schema.TryGetProperty("required", out var required) || required.GetArrayLength() == 0, $"PATCH {path} requires {schema}");
            foreach (var member in schema.GetProperty("properties").EnumerateObject())
            {
                var nullable = member.Value.TryGetProperty("type", out var type)
                    ? type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null")
                    : member.Value.TryGetProperty("oneOf", out var choices) && choices.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.GetString() == "null");
                Assert.True(nullable, $"PATCH {path}: '{member.Name}' may be sent as null but is documented as {member.Value}");
            }
        }
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_400_naming_the_field()
    {
        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(Roles.Customer)).Email!);

        var response = await customer.PostAsync("/api/bookings/bookings/",
            new StringContent("""{"service": "1", "provider": 1, "start_time": "2030-01-09T10:00:00Z"}""", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "service");
    }
}

/// <summary>What Redocly's recommended lint rules ask of the document, kept by a test (README shows the lint run).</summary>
public sealed class OpenApiLintRuleTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Every_operation_defines_its_security_and_no_server_url_ends_in_a_slash()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

        var undefined = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => !o.Value.TryGetProperty("security", out _)).Select(o => $"{o.Name} {path.Name}"))
            .ToList();
        Assert.Empty(undefined);
        if (document.TryGetProperty("servers", out var servers))
        {
            Assert.All(servers.EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/'), server.ToString()));
        }
    }
}
