using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Calendar;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Operations;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Privacy;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Features.Search;
using HomeSer.Web.Features.Waitlist;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Jobs;

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
}
if (args is ["backup", ..])
{
    return await BackupCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
if (Settings.FirstProblem(builder.Configuration) is { } badSetting)
{
    Console.Error.WriteLine(badSetting);
    return 1;
}
builder.AddValidatedSettings();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddHomeSerData();
builder.AddAccounts();
builder.AddCatalog();
builder.AddScheduling();
builder.AddBookings();
builder.AddCalendar();
builder.AddWaitlist();
builder.AddPayments();
builder.AddReviews();
builder.AddSearch();
builder.AddProviders();
builder.AddNotifications();
builder.AddLiveUpdates();
builder.AddJobs();
builder.AddApiConventions();
builder.AddAdmin();
builder.AddPrivacy();
builder.AddRedisScaleOut();
builder.AddForwardedHeadersFromProxies();
builder.Services.AddRazorPages();
builder.AddOperations();

var app = builder.Build();

app.UseForwardedHeadersFromProxies();
app.UseSecurityHeaders(HomeSer.Web.Jobs.JobsSetup.DashboardPath);
app.UseApiErrors();
if (!app.Environment.IsDevelopment())
{
    app.UseWhen(http => !ApiSetup.IsApi(http.Request), pages => pages.UseExceptionHandler("/Error"));
    app.UseHsts();
}
app.UseWhen(http => !ApiSetup.IsApi(http.Request), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?status={0}"));
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOperations();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapAuthApi();
app.MapPrivacyApi();
app.MapSearchApi();
app.MapCatalogApi();
app.MapProvidersApi();
app.MapNotificationsApi();
app.MapBookingsApi();
app.MapSeriesApi();
app.MapCalendarApi();
app.MapWaitlistApi();
app.MapTestGatewayApi();
app.MapProviderPhotos();
app.MapLiveUpdates();
app.MapJobs();
app.MapRazorPages();

app.UseDefaultListenAddress();
if (ListenAddresses.FirstTaken(app) is { } taken)
{
    Console.Error.WriteLine(ListenAddresses.TakenMessage(taken));
    return 1;
}
await app.InitializeDatabaseAsync();
if (await app.EnsureFirstAdminAsync() is { } refused)
{
    Console.Error.WriteLine(refused);
    return 1;
}
try
{
    await app.RunAsync();
}
catch (IOException e) when (ListenAddresses.IsAddressInUse(e))
{
    Console.Error.WriteLine(ListenAddresses.TakenMessage(string.Join(";", app.Urls)));
    return 1;
}
return 0;

public partial class Program;
