using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Pages;

/// <summary>The public provider profile and the provider's photo upload. The factory's clock is Monday 7 Jan 2030.</summary>
public sealed partial class ProviderProfilePageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static byte[] Picture(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    // A complete 1x1 GIF: a real picture, in a format the profile does not take.
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string contentType)
    {
        var page = await client.GetStringAsync("/Provider/Profile");
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "photo", fileName);
        return await client.PostAsync("/Provider/Profile?handler=Upload", form);
    }

    private async Task<(TestData.ProviderSetup Provider, HttpClient Client)> ProviderAsync()
    {
        var provider = await factory.CreateProviderAsync();
        return (provider, await factory.SignedInAsync(provider.User.Email!));
    }

    private async Task<SKImageInfo?> StoredPhotoAsync(int providerId)
    {
        var bytes = await factory.WithDbAsync(db => db.ProviderPhotos.Where(p => p.ProviderId == providerId).Select(p => p.Content).FirstOrDefaultAsync());
        if (bytes is null)
        {
            return null;
        }
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        return codec.Info;
    }

    [Fact]
    public async Task An_uploaded_photo_is_cropped_to_a_square_and_scaled_down_to_400_px()
    {
        var (provider, client) = await ProviderAsync();

        var response = await UploadAsync(client, Picture(1200, 800), "me.png", "image/png");
        var stored = await StoredPhotoAsync(provider.Profile.Id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(400, stored?.Width);
        Assert.Equal(400, stored?.Height);
    }

    [Fact]
    public async Task A_small_photo_is_cropped_but_never_enlarged()
    {
        var (provider, client) = await ProviderAsync();

        await UploadAsync(client, Picture(120, 90, SKEncodedImageFormat.Jpeg), "me.jpg", "image/jpeg");
        var stored = await StoredPhotoAsync(provider.Profile.Id);

        Assert.Equal(90, stored?.Width);
        Assert.Equal(90, stored?.Height);
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_by_its_content()
    {
        var (provider, client) = await ProviderAsync();

        var response = await UploadAsync(client, "not a picture at all"u8.ToArray(), "holiday.jpg", "image/jpeg");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<span class=\"field-error\" id=\"photo-error\">That file is not a JPEG, PNG or WebP picture.</span>", html);
        Assert.Null(await StoredPhotoAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task A_gif_is_refused_as_a_picture_type_the_profile_does_not_take()
    {
        var (provider, client) = await ProviderAsync();

        var response = await UploadAsync(client, Gif, "me.gif", "image/gif");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<li><a href=\"#photo\">That file is not a JPEG, PNG or WebP picture.</a></li>", html);
        Assert.Null(await StoredPhotoAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task A_photo_over_5_MB_is_refused_with_the_limit_named()
    {
        var (provider, client) = await ProviderAsync();
        var tooBig = new byte[5 * 1024 * 1024 + 1];
        Picture(50, 50).CopyTo(tooBig, 0);

        var response = await UploadAsync(client, tooBig, "big.png", "image/png");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The photo is larger than 5 MB; choose a smaller one.", html);
        Assert.Null(await StoredPhotoAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task The_profile_shows_the_uploaded_photo_served_as_jpeg()
    {
        var (provider, client) = await ProviderAsync();
        await UploadAsync(client, Picture(600, 600), "me.png", "image/png");

        var html = await factory.CreateClient().GetStringAsync($"/Providers/{provider.Profile.Id}");
        var src = PhotoSource().Match(html).Groups[1].Value;
        var photo = await factory.CreateClient().GetAsync(WebUtility.HtmlDecode(src));

        Assert.StartsWith($"/providers/{provider.Profile.Id}/photo?v=", WebUtility.HtmlDecode(src));
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_photo_the_profile_shows_the_providers_initials()
    {
        var provider = await factory.CreateProviderAsync();

        var html = await factory.CreateClient().GetStringAsync($"/Providers/{provider.Profile.Id}");
        var initials = string.Concat(provider.Profile.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w.First(char.IsLetterOrDigit))));

        Assert.Matches($"<span class=\"avatar avatar-initials avatar-tone-[0-5] avatar-large\" aria-hidden=\"true\">{initials}</span>", html);
        Assert.DoesNotContain("/photo?v=", html);
    }

    [Fact]
    public async Task The_profile_shows_jobs_done_response_time_dated_reviews_and_the_rating_distribution()
    {
        var provider = await factory.CreateProviderAsync();
        var actor = AsProvider(provider);
        foreach (var (day, rating) in new[] { (1, 5), (2, 4) })
        {
            var customer = await factory.NewCustomerAsync();
            var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(day, 10)));
            (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
            factory.ArriveAt(booking.StartTime);
            (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
            (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();
            await using var scope = factory.Scope();
            Assert.True((await scope.ServiceProvider.GetRequiredService<ReviewService>().CreateAsync(customer, booking.Id, new HomeSer.Web.Features.Bookings.ReviewRequest(rating, $"Rated {rating}"), default)).IsSuccess);
        }

        var html = WebUtility.HtmlDecode(await factory.CreateClient().GetStringAsync($"/Providers/{provider.Profile.Id}"));

        Assert.Contains($"<h1>{provider.Profile.DisplayName}</h1>", html);
        Assert.Contains("✓ Verified", html);
        Assert.Matches("<dt>Jobs done</dt>\\s*<dd>2</dd>", html);
        Assert.Matches("<dt>Response time</dt>\\s*<dd>Usually confirms within 15 min</dd>", html);
        Assert.Contains("Within 25 km of Berlin", html);
        Assert.Contains("aria-label=\"5 stars: 1 of 2 reviews\"", html);
        Assert.Contains("aria-label=\"3 stars: 0 of 2 reviews\"", html);
        Assert.Contains("<time datetime=\"2030-01-08\" class=\"review-date\">8 Jan 2030</time>", html);
        Assert.Contains("Rated 4", html);
        Assert.Contains($"<a href=\"/Services/{provider.Service.Id}\">Leak repair</a>", html);
    }

    [Fact]
    public async Task The_service_page_links_to_its_providers_profile()
    {
        var provider = await factory.CreateProviderAsync();

        var html = await factory.CreateClient().GetStringAsync($"/Services/{provider.Service.Id}");

        Assert.Contains($"<a href=\"/Providers/{provider.Profile.Id}\">", html);
    }

    [Fact]
    public async Task An_unknown_provider_is_a_404_page()
    {
        var response = await factory.CreateClient().GetAsync("/Providers/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SaveBioAsync(HttpClient client, string bio) =>
        FormPost.SubmitAsync(client, "/Provider/Profile", new Dictionary<string, string> { ["Bio"] = bio }, "/Provider/Profile?handler=Bio");

    [Fact]
    public async Task A_provider_writes_their_bio_and_customers_read_it_escaped_with_its_line_breaks()
    {
        var (provider, client) = await ProviderAsync();

        var saved = await SaveBioAsync(client, "Gas-certified since 2012.\r\n<b>No call-out fee</b> & tidy work.");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var html = await factory.CreateClient().GetStringAsync($"/Providers/{provider.Profile.Id}");
        Assert.Contains($"<h2 id=\"about-heading\">About {provider.Profile.DisplayName}</h2>", html);
        Assert.Contains("&lt;b&gt;No call-out fee&lt;/b&gt; &amp; tidy work.</p>", html);
        Assert.DoesNotContain("<b>No call-out fee</b>", html);
        Assert.Contains("<p class=\"profile-bio\">Gas-certified since 2012.\n<b>No call-out fee</b> & tidy work.</p>", WebUtility.HtmlDecode(html));
        var editor = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider/Profile"));
        Assert.Contains("<label for=\"Bio\">About you</label>", editor);
        Assert.Contains(">Gas-certified since 2012.\n<b>No call-out fee</b> & tidy work.</textarea>", editor);
    }

    [Fact]
    public async Task A_bio_over_the_limit_is_refused_in_the_forms_own_words_and_the_old_one_stays()
    {
        var (provider, client) = await ProviderAsync();
        await SaveBioAsync(client, "Twelve years in Berlin homes.");
        var tooLong = new string('a', 1001);

        var response = await SaveBioAsync(client, tooLong);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<span class=\"field-error\" id=\"Bio-error\">About you may be at most 1,000 characters; this text has 1,001.</span>", html);
        Assert.Contains("<li><a href=\"#Bio\">About you may be at most 1,000 characters; this text has 1,001.</a></li>", html);
        Assert.Contains($">{tooLong}</textarea>", html);
        Assert.Equal("Twelve years in Berlin homes.", await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.Bio).SingleAsync()));
    }

    [Fact]
    public async Task Saving_an_empty_bio_removes_the_about_section()
    {
        var (provider, client) = await ProviderAsync();
        await SaveBioAsync(client, "Twelve years in Berlin homes.");

        await SaveBioAsync(client, "   ");

        var html = await factory.CreateClient().GetStringAsync($"/Providers/{provider.Profile.Id}");
        Assert.DoesNotContain("about-heading", html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<img class=\"avatar avatar-large\" src=\"([^\"]+)\"")]
    private static partial Regex PhotoSource();
}
