namespace HomeSer.Web.Features.Calendar;

public static class CalendarSetup
{
    /// <summary>Booking calendar files and private feeds.</summary>
    public static WebApplicationBuilder AddCalendar(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CalendarService>();
        return builder;
    }
}
