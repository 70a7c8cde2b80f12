using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Tests.Api;

/// <summary>The document's request rules are the annotations validation enforces, member by member.</summary>
public sealed class OpenApiAnnotationTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<JsonElement> SchemasAsync() =>
        (await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("components").GetProperty("schemas");

    /// <summary>Request records of the features whose members carry validation annotations.</summary>
    private static IEnumerable<Type> AnnotatedRecords() => typeof(Program).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("HomeSer.Web.Features", StringComparison.Ordinal) == true
            && t.GetProperties().Any(p => p.GetCustomAttributes<ValidationAttribute>().Any())
            // Query records ([AsParameters]) are parameters, not schemas; PageQuery and AvailabilityQuery are checked by their bounds.
            && !t.GetConstructors().Any(c => c.GetParameters().Any(p => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>() is not null)));

    [Fact]
    public async Task Every_annotated_request_member_is_documented_with_its_rule()
    {
        var schemas = await SchemasAsync();
        var compared = 0;
        var disagreements = new List<string>();
        foreach (var type in AnnotatedRecords())
        {
            Assert.True(schemas.TryGetProperty(type.Name, out var schema), $"{type.Name} carries annotations but is not in the document");
            var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet() : [];
            foreach (var member in type.GetProperties())
            {
                var wire = JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
                var documented = schema.GetProperty("properties").GetProperty(wire);
                foreach (var rule in member.GetCustomAttributes<ValidationAttribute>())
                {
                    compared++;
                    var agrees = rule switch
                    {
                        RequiredAttribute => required.Contains(wire),
                        RangeAttribute range => Bound(documented, range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum") == Number(range.Minimum)
                            && Bound(documented, range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum") == Number(range.Maximum),
                        MaxLengthAttribute max => Bound(documented, "maxLength") == max.Length || Bound(documented, "maxItems") == max.Length,
                        StringLengthAttribute length => Bound(documented, "maxLength") == length.MaximumLength,
                        WireEnumAttribute wireEnum => documented.TryGetProperty("enum", out var values)
                            && values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).SequenceEqual(wireEnum.Values),
                        MultipleOfAttribute multiple => Bound(documented, "multipleOf") == multiple.Factor,
                        _ => true,
                    };
                    if (!agrees)
                    {
                        disagreements.Add($"{type.Name}.{wire}: {rule.GetType().Name} vs {documented}");
                    }
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.True(compared >= 40, $"only {compared} rules compared: are the records still annotated?");
    }

    [Fact]
    public async Task The_documented_payment_methods_are_the_domains_wire_names()
    {
        var schemas = await SchemasAsync();

        var documented = schemas.GetProperty(nameof(CreateBookingRequest)).GetProperty("properties").GetProperty("payment_method").GetProperty("enum")
            .EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Order().ToList();

        Assert.Equal(Enum.GetValues<PaymentMethod>().Select(m => m.ToWire()).Order().ToList(), documented);
    }

    private static decimal? Bound(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static decimal Number(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
