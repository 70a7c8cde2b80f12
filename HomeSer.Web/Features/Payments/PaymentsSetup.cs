namespace HomeSer.Web.Features.Payments;

public static class PaymentsSetup
{
    /// <summary>Payment processing over the built-in test gateway, with options from Payments:*.</summary>
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));
        builder.Services.AddScoped<PaymentProcessor>();
        builder.Services.AddSingleton<TestCardTokens>();
        builder.Services.AddSingleton<TestPaymentGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<TestPaymentGateway>());
        return builder;
    }
}
