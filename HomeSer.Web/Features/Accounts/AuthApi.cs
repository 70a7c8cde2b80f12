using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Accounts;

/// <summary>Sign-up body; its annotations are the rules (the page checks the same record).</summary>
public sealed record RegisterRequest(
    [property: Required(ErrorMessage = RegisterRequest.EmailMessage), EmailAddress(ErrorMessage = RegisterRequest.EmailMessage), MaxLength(256, ErrorMessage = RegisterRequest.EmailMessage)] string? Email,
    [property: Required(ErrorMessage = "Choose a password.")] string? Password,
    [property: Required(ErrorMessage = RegisterRequest.RoleMessage), WireEnum("customer", "provider", ErrorMessage = RegisterRequest.RoleMessage)] string? Role,
    [property: Required(ErrorMessage = "Enter the name people will see."), MaxLength(AccountService.MaxDisplayName, ErrorMessage = "Use at most {1} characters.")] string? DisplayName,
    string? City,
    [property: IanaTimeZone(ErrorMessage = "Use an IANA time zone such as Europe/Berlin.")] string? Timezone)
{
    private const string EmailMessage = "Enter a valid email address.";
    private const string RoleMessage = "Choose customer or provider.";

    /// <summary>The command this (valid) request asks for.</summary>
    public Registration ToRegistration() => new(Email!.Trim(), Password!, DisplayName!.Trim(), Role!.Trim().ToLowerInvariant(), City?.Trim(),
        IanaTimeZoneAttribute.Find(Timezone)?.Id);
}
public sealed record RegisterResponse(string Detail)
{
    public const string Sent = "We sent a mail to this address. If the account is new, sign in with /api/auth/login/.";
}
public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
public sealed record MeResponse(int Id, string Email, IReadOnlyList<string> Roles, string DisplayName, int? ProviderId);

/// <summary>Bearer-token auth for API clients: register, login, refresh, me.</summary>
public static class AuthApi
{
    public const string LoginRateLimitPolicy = "login";
    public const string RegisterRateLimitPolicy = "register";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/register/", RegisterAsync).AllowAnonymous().RequireRateLimiting(RegisterRateLimitPolicy)
            .WithName("Register").WithSummary("Sign up; the same 202 whether or not the address already has an account.");
        group.MapPost("/login/", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimitPolicy)
            .WithName("Login").WithSummary("Exchange email and password for a bearer and a refresh token.")
            .Fails(ErrorKind.NotAuthenticated);
        group.MapPost("/refresh/", RefreshAsync).AllowAnonymous()
            .WithName("RefreshToken").WithSummary("Exchange a refresh token for new tokens.")
            .Fails(ErrorKind.NotAuthenticated);
        group.MapGet("/me/", MeAsync).RequireAuthorization()
            .WithName("GetMe").WithSummary("The signed-in user: id, email, roles, display name and provider id.");
        group.MapHomeAddress();
        return group;
    }

    // One answer whether the address was free or taken (its owner gets a mail), so this does not reveal accounts.
    private static Task<Results<Accepted<RegisterResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, AccountService accounts, [AsParameters] ApiCall api) =>
        api.PublicAsync(
            ct => accounts.RegisterAsync(
                request.ToRegistration(), ct),
            _ => TypedResults.Accepted("/api/auth/me/", new RegisterResponse(RegisterResponse.Sent)));

    private static Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, PasswordCheck passwords, SignInManager<AppUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, [AsParameters] ApiCall api) =>
        api.PublicOkAsync<TokenResponse>(async _ =>
        {
            var http = api.Http;
            var check = await passwords.CheckAsync(request.Email, request.Password, http.Connection.RemoteIpAddress?.ToString());
            if (check.Outcome == PasswordCheckOutcome.Throttled)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(check.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new DomainError(ErrorKind.RateLimited, "Too many failed attempts from here; wait and try again.");
            }
            if (check.User is not { } user)
            {
                return Unauthorized("Email or password is incorrect.");
            }
            var principal = await signIn.CreateUserPrincipalAsync(user);
            return IssueTokens(principal, bearer.Get(IdentityConstants.BearerScheme), clock);
        });

    private static Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, [AsParameters] ApiCall api) =>
        api.PublicOkAsync<TokenResponse>(async _ =>
        {
            var options = bearer.Get(IdentityConstants.BearerScheme);
            var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : options.RefreshTokenProtector.Unprotect(request.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
            {
                return Unauthorized("The refresh token is invalid or expired.");
            }
            // A changed security stamp (password reset, sign-out everywhere) invalidates old refresh tokens.
            var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
            if (user is null)
            {
                return Unauthorized("The refresh token is no longer valid.");
            }
            var principal = await signIn.CreateUserPrincipalAsync(user);
            return IssueTokens(principal, options, clock);
        });

    private static Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(
        UserManager<AppUser> users, HomeSerDbContext db, [AsParameters] ApiCall api) =>
        api.PublicOkAsync<MeResponse>(async ct => await users.GetUserAsync(api.Http.User) is { } user
            ? await DescribeAsync(user, users, db, ct)
            : Unauthorized("The account no longer exists."));

    private static async Task<MeResponse> DescribeAsync(AppUser user, UserManager<AppUser> users, HomeSerDbContext db, CancellationToken cancellationToken)
    {
        var roles = await users.GetRolesAsync(user);
        var providerId = await db.Providers.Where(p => p.UserId == user.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return new MeResponse(user.Id, user.Email ?? "", roles.Order().ToList(), user.DisplayName, providerId);
    }

    private static TokenResponse IssueTokens(ClaimsPrincipal principal, BearerTokenOptions options, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration }, IdentityConstants.BearerScheme);
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.RefreshTokenExpiration }, IdentityConstants.BearerScheme);
        return new TokenResponse(
            "Bearer",
            options.BearerTokenProtector.Protect(access),
            (long)options.BearerTokenExpiration.TotalSeconds,
            options.RefreshTokenProtector.Protect(refresh));
    }

    private static DomainError Unauthorized(string message) => new(ErrorKind.NotAuthenticated, message);
}
