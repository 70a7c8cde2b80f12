using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Notifications.Email;

/// <summary>Sends plain-text email. The default writes .eml files a developer can open; SMTP is a configuration switch.</summary>
public interface IEmailOutbox
{
    Task SendAsync(string to, string subject, string textBody, CancellationToken ct);

    /// <summary>Sends a message that has a stable key; where the transport can tell, a second send of one key does nothing.</summary>
    Task SendOnceAsync(string key, string to, string subject, string textBody, CancellationToken ct) => SendOnceAsync(key, to, subject, textBody, [], ct);

    /// <summary>The same with files attached (e.g. a booking's iCalendar invitation).</summary>
    Task SendOnceAsync(string key, string to, string subject, string textBody, IReadOnlyList<MailAttachment> attachments, CancellationToken ct);
}

/// <summary>A file sent with a mail. <paramref name="ContentType"/> is the full MIME type with its parameters.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Configuration section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    /// <summary>Sender address of every message.</summary>
    public string From { get; set; } = "HomeSer <no-reply@homeser.test>";

    /// <summary>Where .eml files go when no SMTP host is set; relative to the content root. Default App_Data/mail.</summary>
    public string PickupDirectory { get; set; } = Path.Combine("App_Data", "mail");

    public SmtpSettings Smtp { get; set; } = new();

    public sealed class SmtpSettings
    {
        /// <summary>When set, mail goes to this SMTP server instead of the pickup directory.</summary>
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public bool EnableSsl { get; set; } = true;
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}

/// <summary>
/// System.Net.Mail does both jobs: with Email:Smtp:Host it delivers over SMTP, otherwise it writes each message as an
/// RFC 822 .eml file into Email:PickupDirectory (what an SMTP pickup service or a mail client reads).
/// </summary>
public sealed class SmtpEmailOutbox(IOptions<EmailOptions> options, IWebHostEnvironment environment) : IEmailOutbox
{
    public Task SendAsync(string to, string subject, string textBody, CancellationToken ct) => SendAsync(to, subject, textBody, [], ct);

    private async Task SendAsync(string to, string subject, string textBody, IReadOnlyList<MailAttachment> attachments, CancellationToken ct)
    {
        var settings = options.Value;
        using var message = Message(settings, to, subject, textBody, attachments);
        using var client = CreateClient(settings);
        await client.SendMailAsync(message, ct);
    }

    /// <summary>
    /// In the pickup directory the file is named by the key (written aside, then moved in), so a repeated send after a
    /// crash finds it there and writes nothing; over SMTP a repeat cannot be detected and is sent again.
    /// </summary>
    public async Task SendOnceAsync(string key, string to, string subject, string textBody, IReadOnlyList<MailAttachment> attachments, CancellationToken ct)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            await SendAsync(to, subject, textBody, attachments, ct);
            return;
        }
        var target = Path.Combine(PickupDirectory(), key + ".eml");
        if (File.Exists(target))
        {
            return;
        }
        var aside = Path.Combine(PickupDirectory(), ".sending", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(aside);
        try
        {
            using (var message = Message(settings, to, subject, textBody, attachments))
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = aside })
            {
                await client.SendMailAsync(message, ct);
            }
            try
            {
                File.Move(Directory.GetFiles(aside).Single(), target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Sent meanwhile by another attempt: once is enough.
            }
        }
        finally
        {
            Directory.Delete(aside, recursive: true);
        }
    }

    /// <summary>The absolute pickup directory (created if missing).</summary>
    public string PickupDirectory()
    {
        var path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory));
        Directory.CreateDirectory(path);
        return path;
    }

    private static MailMessage Message(EmailOptions settings, string to, string subject, string textBody, IReadOnlyList<MailAttachment> attachments)
    {
        var message = new MailMessage(settings.From, to, subject, textBody) { IsBodyHtml = false };
        foreach (var file in attachments)
        {
            // The attachment owns its stream; disposing the message disposes both.
            message.Attachments.Add(new Attachment(new MemoryStream(file.Content), file.FileName, file.ContentType));
        }
        return message;
    }

    private SmtpClient CreateClient(EmailOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = PickupDirectory() };
        }
        var client = new SmtpClient(settings.Smtp.Host, settings.Smtp.Port) { EnableSsl = settings.Smtp.EnableSsl };
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
        {
            client.Credentials = new NetworkCredential(settings.Smtp.UserName, settings.Smtp.Password);
        }
        return client;
    }
}

