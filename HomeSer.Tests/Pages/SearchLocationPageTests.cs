using System.Net;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Pages;

/// <summary>The search page takes the coordinates "Use my location" fills in.</summary>
public sealed class SearchLocationPageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Coordinates_from_the_device_are_sent_and_said_next_to_the_location_field()
    {
        var client = factory.Anonymous();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Search?lat=52.52&lng=13.405"));

        Assert.Contains("id=\"search-lat\" type=\"hidden\" name=\"lat\" value=\"52.52\"", html);
        Assert.DoesNotContain("id=\"search-lat\" type=\"hidden\" name=\"lat\" value=\"52.52\" disabled", html);
        Assert.Contains("<small id=\"geo-status\" class=\"geo-status\" role=\"status\">Searching near your location.</small>", html);
        Assert.Contains("Use my location</button>", html);
        Assert.Contains("/js/geolocate.js", html);
    }

    [Fact]
    public async Task Without_coordinates_the_hidden_fields_are_not_sent()
    {
        var client = factory.Anonymous();

        var html = await client.GetStringAsync("/Search?location=Berlin");

        Assert.Contains("name=\"lat\" disabled=\"disabled\"", html);
        Assert.Contains("name=\"lng\" disabled=\"disabled\"", html);
    }

    [Fact]
    public async Task Half_a_coordinate_pair_is_an_error_next_to_the_location_field()
    {
        var client = factory.Anonymous();

        var response = await client.GetAsync("/Search?lat=52.52");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("<small id=\"lng-error\" class=\"field-error\">Give lng together with lat.</small>", html);
    }
}
