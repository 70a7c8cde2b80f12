using Microsoft.AspNetCore.Identity;

namespace HomeSer.Web.Features.Accounts;

public enum PasswordCheckOutcome { Succeeded, Invalid, Throttled }

public sealed record PasswordCheckResult(PasswordCheckOutcome Outcome, AppUser? User = null, TimeSpan RetryAfter = default);

/// <summary>
/// The one password check behind the login API and the login page. Unknown, wrong and locked all answer
/// <see cref="PasswordCheckOutcome.Invalid"/>, and each of them hashes the password once, so neither the answer nor its
/// time tells whether an account exists.
/// </summary>
public sealed class PasswordCheck(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, LoginThrottle throttle)
{
    // A hash of a random password in Identity's current format, made once: verifying against it costs what a real check costs.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));

    public async Task<PasswordCheckResult> CheckAsync(string? email, string? password, string? clientAddress)
    {
        var typed = email?.Trim() ?? "";
        if (throttle.WaitFor(typed, clientAddress) is { } wait)
        {
            return new PasswordCheckResult(PasswordCheckOutcome.Throttled, RetryAfter: wait);
        }
        var user = typed.Length == 0 ? null : await users.FindByEmailAsync(typed);
        bool passwordMatches;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password ?? "");
            passwordMatches = false;
        }
        else
        {
            passwordMatches = await users.CheckPasswordAsync(user, password ?? "") && !string.IsNullOrEmpty(password);
        }
        if (!passwordMatches || user is null || await users.IsLockedOutAsync(user))
        {
            throttle.Failed(typed, clientAddress);
            return new PasswordCheckResult(PasswordCheckOutcome.Invalid);
        }
        throttle.Succeeded(typed, clientAddress);
        return new PasswordCheckResult(PasswordCheckOutcome.Succeeded, user);
    }
}
