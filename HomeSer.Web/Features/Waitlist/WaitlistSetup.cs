namespace HomeSer.Web.Features.Waitlist;

public static class WaitlistSetup
{
    /// <summary>The waitlist, with options from Waitlist:*; its offerer hears calendar changes (see EventSubscribers).</summary>
    public static WebApplicationBuilder AddWaitlist(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WaitlistOptions>(builder.Configuration.GetSection("Waitlist"));
        services.AddScoped<WaitlistService>();
        services.AddScoped<WaitlistOffers>();
        return builder;
    }
}
