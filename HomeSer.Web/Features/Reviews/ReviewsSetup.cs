namespace HomeSer.Web.Features.Reviews;

public static class ReviewsSetup
{
    public static WebApplicationBuilder AddReviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReviewService>();
        return builder;
    }
}
