using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Bookings;

public static class BookingsSetup
{
    /// <summary>Scheduling, booking, payment and review services, with options from Bookings:* and Payments:*.</summary>
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<BookingOptions>(builder.Configuration.GetSection("Bookings"));
        services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));
        services.AddScoped<ActorResolver>();
        services.AddScoped<AvailabilityService>();
        services.AddScoped<CalendarLoader>();
        services.AddScoped<HomeAddresses>();
        services.AddScoped<BookingValidationService>();
        services.AddScoped<CalendarTransaction>();
        services.AddScoped<BookingService>();
        services.AddScoped<ReviewService>();
        services.AddScoped<PaymentProcessor>();
        services.AddSingleton<TestPaymentGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<TestPaymentGateway>());
        return builder;
    }
}
