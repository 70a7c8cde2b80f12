using Hangfire;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Jobs;
using Microsoft.AspNetCore.Identity;

namespace HomeSer.Web.Features.Accounts;

/// <summary>
/// Identity's account mails (password reset, confirmation, welcome) as plain text. Each is queued as an
/// <see cref="AccountMailJob"/>, so a slow or failing mail server neither holds the request nor loses the mail (the job
/// is retried), and a known and an unknown address take the same time to answer. Links are passed raw (not
/// HTML-encoded): the mails are plain text.
/// </summary>
public sealed class IdentityEmailSender(IBackgroundJobClient jobs) : IEmailSender<AppUser>
{
    private const string Signature = "\r\n\r\n-- \r\nHomeSer";

    public const string ResetSubject = "Reset your HomeSer password";
    public const string WelcomeSubject = "Welcome to HomeSer";

    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        Queue(email, "Confirm your HomeSer email address",
            $"Hello {Name(user)},\r\n\r\nConfirm your email address by opening this link:\r\n{confirmationLink}{Signature}");

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        Queue(email, ResetSubject,
            $"Hello {Name(user)},\r\n\r\nSomebody (hopefully you) asked to reset the password of your HomeSer account. "
            + $"Choose a new password here:\r\n{resetLink}\r\n\r\nIf you did not ask for this, ignore this mail: your password stays as it is.{Signature}");

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        Queue(email, ResetSubject,
            $"Hello {Name(user)},\r\n\r\nYour password reset code is:\r\n{resetCode}\r\n\r\nIf you did not ask for this, ignore this mail.{Signature}");

    /// <summary>Sent once an account is created (after the registration transaction committed).</summary>
    public Task SendWelcomeAsync(AppUser user, bool isProvider)
    {
        ArgumentNullException.ThrowIfNull(user);
        var next = isProvider
            ? "Set up your schedule and services; our team verifies your profile before it shows in search."
            : "Find a service near you and book your first slot.";
        return Queue(user.Email!, WelcomeSubject,
            $"Hello {Name(user)},\r\n\r\nwelcome to HomeSer! Your account {user.Email} is ready. {next}{Signature}");
    }

    public const string AlreadyRegisteredSubject = "Someone tried to sign up with your address";

    /// <summary>Sent instead of a second account when somebody registers an address that already has one.</summary>
    public Task SendAlreadyRegisteredAsync(AppUser user) =>
        Queue(user.Email!, AlreadyRegisteredSubject,
            $"Hello {Name(user)},\r\n\r\nsomebody tried to create a HomeSer account with {user.Email}, which already has one. "
            + $"If it was you, sign in; if you forgot your password, use \"Forgot your password?\" on the sign-in page. "
            + $"If it was not you, ignore this mail: nothing changed.{Signature}");

    private Task Queue(string to, string subject, string body)
    {
        // The key names the mail file (or SMTP message) once, so a retried job never sends it twice.
        var key = $"account-{Guid.NewGuid():N}";
        jobs.Enqueue<AccountMailJob>(job => job.SendAsync(key, to, subject, body, CancellationToken.None));
        return Task.CompletedTask;
    }

    private static string Name(AppUser user) => string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName;
}

/// <summary>Sends one queued account mail; Hangfire retries it while the mail server refuses.</summary>
[Queue(JobsQueues.Mail)]
public sealed class AccountMailJob(IEmailOutbox outbox)
{
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(string key, string to, string subject, string body, CancellationToken ct) =>
        outbox.SendOnceAsync(key, to, subject, body, ct);
}
