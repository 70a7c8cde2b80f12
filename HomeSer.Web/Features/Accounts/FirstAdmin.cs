using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Accounts;

/// <summary>
/// Without the demo data nobody can sign in as an admin, and only an admin can make one. <c>Admin:BootstrapEmail</c> and
/// <c>Admin:BootstrapPassword</c> create the first admin at start while the marketplace has none; once one exists they
/// do nothing, so they can stay set on every node (remove the password from the settings after the first start).
/// </summary>
public sealed class FirstAdmin(UserManager<AppUser> users, TimeProvider clock, ILogger<FirstAdmin> logger)
{
    public const string EmailKey = "Admin:BootstrapEmail";
    public const string PasswordKey = "Admin:BootstrapPassword";

    /// <summary>Null when there was nothing to do or the admin was made; otherwise why the settings cannot be used.</summary>
    public async Task<string?> EnsureAsync(string? email, string? password, CancellationToken ct)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        password = string.IsNullOrEmpty(password) ? null : password;
        if (email is null && password is null)
        {
            return null;
        }
        if (email is null || password is null)
        {
            return $"{(email is null ? EmailKey : PasswordKey)} is missing: set both {EmailKey} and {PasswordKey} to create the first admin.";
        }
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return null;
        }

        var existing = await users.FindByEmailAsync(email);
        // Whoever registered that address first must not become admin by it: an existing account needs its own password.
        if (existing is not null && !await users.CheckPasswordAsync(existing, password))
        {
            return $"{EmailKey} names an existing account whose password is not {PasswordKey}; choose another address or its password.";
        }
        var user = existing ?? new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Admin",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        IdentityResult result;
        try
        {
            result = existing is null ? await users.CreateAsync(user, password) : IdentityResult.Success;
        }
        catch (DbUpdateException)
        {
            // Another node starting at the same moment made it (the unique e-mail index said so).
            return (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0 ? null : throw new InvalidOperationException($"Creating {email} failed.");
        }
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Admin);
        }
        if (!result.Succeeded)
        {
            return $"{EmailKey}/{PasswordKey} cannot make the first admin: {string.Join(" ", result.Errors.Select(e => e.Description))}";
        }
        logger.LogInformation("Created the first admin, {Email}; {PasswordKey} can be removed from the settings now", email, PasswordKey);
        return null;
    }
}

public static class FirstAdminSetup
{
    /// <summary>Runs <see cref="FirstAdmin"/> with the app's settings; the text says why they cannot be used.</summary>
    public static async Task<string?> EnsureFirstAdminAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FirstAdmin>()
            .EnsureAsync(app.Configuration[FirstAdmin.EmailKey], app.Configuration[FirstAdmin.PasswordKey], CancellationToken.None);
    }
}
