using HomeSer.Web.Data;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace HomeSer.Web.Features.Accounts;

/// <summary>A sign-up whose fields passed <see cref="RegisterRequest"/>'s rules.</summary>
public sealed record Registration(string Email, string Password, string DisplayName, string Role, string? City = null, string? TimeZoneId = null);

/// <summary>
/// Creates accounts: the user, their role and, for providers, an unverified profile, in one transaction; the welcome
/// mail goes out after the commit.
/// </summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    HomeSerDbContext db,
    TimeProvider clock,
    IConfiguration configuration,
    IdentityEmailSender mail,
    ILogger<AccountService> logger)
{
    public const int MaxDisplayName = 100;

    /// <summary>
    /// The new account, or null when the address already has one: that owner gets a mail instead, and the caller gives
    /// the same answer either way, so registration does not tell who has an account.
    /// </summary>
    public async Task<Result<AppUser?>> RegisterAsync(Registration registration, CancellationToken cancellationToken)
    {
        var role = registration.Role.Trim().ToLowerInvariant() == "provider" ? Roles.Provider : Roles.Customer;
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new AppUser
        {
            UserName = registration.Email.Trim(),
            Email = registration.Email.Trim(),
            DisplayName = registration.DisplayName.Trim(),
            CreatedAt = now,
        };

        // Password rules first: a weak password is refused the same way whether or not the address is taken.
        var passwordErrors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, registration.Password);
            passwordErrors.AddRange(checkedPassword.Errors);
        }
        if (passwordErrors.Count > 0)
        {
            return DomainError.Validation(IdentityErrors(IdentityResult.Failed([.. passwordErrors])));
        }
        if (await users.FindByEmailAsync(user.Email) is { } existing)
        {
            // Hash anyway, as creating would: the time taken should not tell a taken address from a free one.
            users.PasswordHasher.HashPassword(user, registration.Password);
            await MailQuietlyAsync(() => mail.SendAlreadyRegisteredAsync(existing), existing.Id);
            return Result<AppUser?>.Ok(null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, registration.Password);
        if (!created.Succeeded)
        {
            return DomainError.Validation(IdentityErrors(created));
        }
        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
        {
            throw new InvalidOperationException($"Could not add role {role}: {string.Join("; ", inRole.Errors.Select(e => e.Description))}");
        }
        if (role == Roles.Provider)
        {
            db.Providers.Add(new ProviderProfile
            {
                UserId = user.Id,
                DisplayName = user.DisplayName,
                City = registration.City?.Trim() ?? "",
                TimeZoneId = registration.TimeZoneId ?? configuration["Marketplace:DefaultTimeZone"] ?? "Europe/Berlin",
                IsVerified = false,
                CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        // Not the request's token: the account is committed, an abandoned request should still get its mail.
        await MailQuietlyAsync(() => mail.SendWelcomeAsync(user, role == Roles.Provider), user.Id);
        return user;
    }

    private async Task MailQuietlyAsync(Func<Task> send, int userId)
    {
        try
        {
            await send();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer is the same either way; a mail server hiccup must not turn a sign-up into an error.
            logger.LogWarning(exception, "Registration mail to user {UserId} failed", userId);
        }
    }

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            // The user name is the email, so a duplicate user name is already reported as a duplicate email.
            .Where(e => e.Code != "DuplicateUserName")
            .GroupBy(e => e.Code switch
            {
                var c when c.StartsWith("Password", StringComparison.Ordinal) => "password",
                "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "email",
                _ => "non_field_errors",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
}
