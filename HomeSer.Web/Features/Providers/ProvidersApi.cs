using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Features.Providers;

public static class ProvidersSetup
{
    public static WebApplicationBuilder AddProviders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProviderSelfService>();
        builder.Services.AddScoped<CalendarIntegrity>();
        builder.Services.AddScoped<ProviderPhotos>();
        builder.Services.AddScoped<ProviderBios>();
        return builder;
    }
}

/// <summary>Provider self-service under /api/providers/me: schedule, time off, services. Provider role with a profile only.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/providers/me").WithTags("Provider self-service").RequireAuthorization()
            .Fails(ErrorKind.Forbidden);

        me.MapGet("/schedule/", GetScheduleAsync).WithName("GetMySchedule").WithSummary("The provider's time zone, weekly hours and booking rules.");
        me.MapPut("/schedule/", PutScheduleAsync).WithName("PutMySchedule").WithSummary("Replace the provider's schedule.")
            .Fails(ErrorKind.Conflict);

        me.MapGet("/time-off/", ListTimeOffAsync).WithName("ListMyTimeOff").WithSummary("Time off that has not ended yet, soonest first.");
        me.MapPost("/time-off/", CreateTimeOffAsync).WithName("CreateMyTimeOff").WithSummary("Block a span of time (at most a year).")
            .Fails(ErrorKind.Conflict);
        me.MapDelete("/time-off/{id:int}/", DeleteTimeOffAsync).WithName("DeleteMyTimeOff").WithSummary("Remove one of the provider's time-off spans.")
            .Fails(ErrorKind.Conflict);

        me.MapGet("/services/", ListServicesAsync).WithName("ListMyServices").WithSummary("The provider's services, active or not.");
        me.MapPost("/services/", CreateServiceAsync).WithName("CreateMyService").WithSummary("Offer a new service.");
        me.MapPatch("/services/{id:int}/", UpdateServiceAsync).WithName("UpdateMyService").WithSummary("Change some fields of one of the provider's services.");
        return routes;
    }

    public static Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetScheduleAsync(ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.OkAsync((_, ct) => providers.GetScheduleAsync(api.Http.User, ct));

    public static Task<Results<Ok<ScheduleView>, ProblemHttpResult>> PutScheduleAsync(
        ScheduleRequest request, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.OkAsync((_, ct) => providers.UpdateScheduleAsync(api.Http.User, request, ct));

    public static Task<Results<Ok<PageResponse<TimeOffView>>, ProblemHttpResult>> ListTimeOffAsync(
        [AsParameters] PageQuery paging, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.PageAsync(paging, (_, page, ct) => providers.ListTimeOffAsync(api.Http.User, page, ct));

    public static Task<Results<Created<TimeOffView>, ProblemHttpResult>> CreateTimeOffAsync(
        TimeOffRequest request, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.CreatedAsync((_, ct) => providers.CreateTimeOffAsync(api.Http.User, request, ct), timeOff => $"/api/providers/me/time-off/{timeOff.Id}/");

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteTimeOffAsync(int id, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.NoContentAsync((_, ct) => providers.DeleteTimeOffAsync(api.Http.User, id, ct));

    public static Task<Results<Ok<PageResponse<OwnServiceView>>, ProblemHttpResult>> ListServicesAsync(
        [AsParameters] PageQuery paging, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.PageAsync(paging, (_, page, ct) => providers.ListServicesAsync(api.Http.User, page, ct));

    public static Task<Results<Created<OwnServiceView>, ProblemHttpResult>> CreateServiceAsync(
        ServiceRequest request, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.CreatedAsync((_, ct) => providers.CreateServiceAsync(api.Http.User, request, ct), service => $"/api/providers/me/services/{service.Id}/");

    public static Task<Results<Ok<OwnServiceView>, ProblemHttpResult>> UpdateServiceAsync(
        int id, ServiceRequest request, ProviderSelfService providers, [AsParameters] ApiCall api) =>
        api.OkAsync((_, ct) => providers.UpdateServiceAsync(api.Http.User, id, request, ct));
}
