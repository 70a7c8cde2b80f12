using HomeSer.Web.Data;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace HomeSer.Web.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Chooses bearer for API clients that send a token, the Identity cookie for browsers.</summary>
    public const string SmartScheme = "HomeSer";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ActorResolver>();
        services.AddScoped<FirstAdmin>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", options =>
                options.ForwardDefaultSelector = http => UsesBearer(http.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(1);
                options.RefreshTokenExpiration = TimeSpan.FromDays(14);
                options.Events.OnMessageReceived = context =>
                {
                    // Browsers' WebSocket API cannot send headers, so the hub also reads the token from the query.
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                    {
                        context.Token = token;
                    }
                    return ReadBearerTokenAsync(context);
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(options =>
            {
                options.LoginPath = "/Account/Login";
                options.LogoutPath = "/Account/Logout";
                options.AccessDeniedPath = "/Account/AccessDenied";
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Forbidden(context.HttpContext, context.RedirectUri);
            }));

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<HomeSerDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<HomeSerClaimsFactory>();

        // A role change, password change or lock changes the user's security stamp; checking it on every request (not
        // every 30 minutes, the default) makes that revoke their cookies at once. Bearer tokens are checked the same way.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddAuthorization();
        services.AddScoped<AccountService>();
        services.Configure<LoginThrottleOptions>(builder.Configuration.GetSection("Login"));
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<IdentityEmailSender>();
        services.AddScoped<IEmailSender<AppUser>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        return builder;
    }

    /// <summary>
    /// Reads the bearer token once. A valid token whose security stamp is still the account's authenticates here (the
    /// handler would only unprotect it again); one issued before the stamp changed (roles, password, lock) is refused
    /// like an expired one; anything else is left to the handler, which refuses it with its own reasons.
    /// </summary>
    private static async Task ReadBearerTokenAsync(MessageReceivedContext context)
    {
        var token = context.Token;
        if (token is null)
        {
            var header = context.Request.Headers.Authorization.ToString();
            token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        }
        if (string.IsNullOrEmpty(token) || context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket
            || ticket.Properties.ExpiresUtc is not { } expires || (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() >= expires)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (ticket.Principal.UserId() is not { } userId
            || await SecurityStamps.OfAsync(services.GetRequiredService<HomeSerDbContext>(), userId, context.HttpContext.RequestAborted) is not { } stamp
            || stamp != ticket.Principal.FindFirst(stampClaim)?.Value)
        {
            context.Fail("The token was issued before the account's roles or password changed.");
            return;
        }
        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    // A signed-in user who may not open a page gets a 403 at that address (rendered by the status-code page), not a
    // redirect to a page answering 200; htmx still navigates to the explanation instead of swapping it into a fragment.
    private static Task Forbidden(HttpContext http, string accessDeniedUri)
    {
        if (http.Request.Headers.ContainsKey("HX-Request"))
        {
            return ApiAwareRedirect(http, accessDeniedUri, StatusCodes.Status403Forbidden);
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static Task ApiAwareRedirect(HttpContext http, string redirectUri, int apiStatus)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs"))
        {
            http.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }
        if (http.Request.Headers.ContainsKey("HX-Request"))
        {
            // htmx follows HX-Redirect with a full navigation instead of swapping a login page into a fragment.
            http.Response.Headers["HX-Redirect"] = redirectUri;
            http.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }
        http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
