namespace HomeSer.Web.Features.Admin;

public static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdminService>();
        return builder;
    }
}
