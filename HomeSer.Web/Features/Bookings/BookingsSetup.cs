namespace HomeSer.Web.Features.Bookings;

public static class BookingsSetup
{
    /// <summary>Booking services, with options from Bookings:*.</summary>
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<BookingOptions>(builder.Configuration.GetSection("Bookings"));
        services.AddScoped<HomeAddresses>();
        services.AddScoped<BookingValidationService>();
        services.AddScoped<CalendarTransaction>();
        services.AddScoped<BookingService>();
        services.AddScoped<BookingSeriesService>();
        return builder;
    }
}
