using System.Security.Claims;
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
        return builder;
    }
}

/// <summary>The services a provider self-service endpoint needs, bound together.</summary>
public sealed record ProviderApiContext(ProviderSelfService Providers, ClaimsPrincipal User, HttpContext Http, CancellationToken CancellationToken)
{
    public ProblemHttpResult Problem(DomainError error) => TypedResults.Problem(Problems.Create(Http, error));
}

/// <summary>Provider self-service under /api/providers/me: schedule, time off, services. Provider role with a profile only.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/providers/me").WithTags("Provider self-service").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        me.MapGet("/schedule/", GetScheduleAsync).WithName("GetMySchedule").WithSummary("The provider's time zone, weekly hours and booking rules.");
        me.MapPut("/schedule/", PutScheduleAsync).WithName("PutMySchedule").WithSummary("Replace the provider's schedule.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/time-off/", ListTimeOffAsync).WithName("ListMyTimeOff").WithSummary("Time off that has not ended yet, soonest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        me.MapPost("/time-off/", CreateTimeOffAsync).WithName("CreateMyTimeOff").WithSummary("Block a span of time (at most a year).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        me.MapDelete("/time-off/{id:int}/", DeleteTimeOffAsync).WithName("DeleteMyTimeOff").WithSummary("Remove one of the provider's time-off spans.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/services/", ListServicesAsync).WithName("ListMyServices").WithSummary("The provider's services, active or not.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        me.MapPost("/services/", CreateServiceAsync).WithName("CreateMyService").WithSummary("Offer a new service.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        me.MapPatch("/services/{id:int}/", UpdateServiceAsync).WithName("UpdateMyService").WithSummary("Change some fields of one of the provider's services.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetScheduleAsync([AsParameters] ProviderApiContext api)
    {
        var schedule = await api.Providers.GetScheduleAsync(api.User, api.CancellationToken);
        return schedule.Error is { } error ? api.Problem(error) : TypedResults.Ok(schedule.Value!);
    }

    public static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> PutScheduleAsync(ScheduleRequest request, [AsParameters] ProviderApiContext api)
    {
        var schedule = await api.Providers.UpdateScheduleAsync(api.User, request, api.CancellationToken);
        return schedule.Error is { } error ? api.Problem(error) : TypedResults.Ok(schedule.Value!);
    }

    public static async Task<Results<Ok<PageResponse<TimeOffView>>, ProblemHttpResult>> ListTimeOffAsync([AsParameters] PageQuery paging, [AsParameters] ProviderApiContext api)
    {
        var page = paging.Validate();
        if (page.Error is { } invalid)
        {
            return api.Problem(invalid);
        }
        var list = await api.Providers.ListTimeOffAsync(api.User, page.Value!, api.CancellationToken);
        return list.Error is { } error ? api.Problem(error) : TypedResults.Ok(list.Value!.ToResponse(api.Http.Request, page.Value!));
    }

    public static async Task<Results<Created<TimeOffView>, ProblemHttpResult>> CreateTimeOffAsync(TimeOffRequest request, [AsParameters] ProviderApiContext api)
    {
        var timeOff = await api.Providers.CreateTimeOffAsync(api.User, request, api.CancellationToken);
        return timeOff.Error is { } error ? api.Problem(error) : TypedResults.Created($"/api/providers/me/time-off/{timeOff.Value!.Id}/", timeOff.Value);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTimeOffAsync(int id, [AsParameters] ProviderApiContext api)
    {
        var deleted = await api.Providers.DeleteTimeOffAsync(api.User, id, api.CancellationToken);
        return deleted.Error is { } error ? api.Problem(error) : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PageResponse<OwnServiceView>>, ProblemHttpResult>> ListServicesAsync([AsParameters] PageQuery paging, [AsParameters] ProviderApiContext api)
    {
        var page = paging.Validate();
        if (page.Error is { } invalid)
        {
            return api.Problem(invalid);
        }
        var list = await api.Providers.ListServicesAsync(api.User, page.Value!, api.CancellationToken);
        return list.Error is { } error ? api.Problem(error) : TypedResults.Ok(list.Value!.ToResponse(api.Http.Request, page.Value!));
    }

    public static async Task<Results<Created<OwnServiceView>, ProblemHttpResult>> CreateServiceAsync(ServiceRequest request, [AsParameters] ProviderApiContext api)
    {
        var service = await api.Providers.CreateServiceAsync(api.User, request, api.CancellationToken);
        return service.Error is { } error ? api.Problem(error) : TypedResults.Created($"/api/providers/me/services/{service.Value!.Id}/", service.Value);
    }

    public static async Task<Results<Ok<OwnServiceView>, ProblemHttpResult>> UpdateServiceAsync(int id, ServiceRequest request, [AsParameters] ProviderApiContext api)
    {
        var service = await api.Providers.UpdateServiceAsync(api.User, id, request, api.CancellationToken);
        return service.Error is { } error ? api.Problem(error) : TypedResults.Ok(service.Value!);
    }
}
