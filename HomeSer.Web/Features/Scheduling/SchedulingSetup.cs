namespace HomeSer.Web.Features.Scheduling;

public static class SchedulingSetup
{
    /// <summary>The availability engine's services and the per-provider availability cache.</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddHybridCache();
        builder.Services.AddScoped<AvailabilityService>();
        builder.Services.AddScoped<CalendarLoader>();
        builder.Services.AddSingleton<AvailabilityCache>();
        return builder;
    }
}
